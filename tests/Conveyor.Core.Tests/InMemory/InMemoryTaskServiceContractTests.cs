using Conveyor.Core.Contracts;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryTaskServiceContractTests : TaskServiceContract
{
    protected override Task<ITaskStore> CreateStoreAsync() => Task.FromResult<ITaskStore>(new InMemoryTaskStore());

    protected override Task<IReadOnlyList<TaskChange>> ReadChangesAsync(ITaskStore store) =>
        Task.FromResult(((InMemoryTaskStore)store).Changes);
}
