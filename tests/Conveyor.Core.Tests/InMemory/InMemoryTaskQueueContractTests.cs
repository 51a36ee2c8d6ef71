using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryTaskQueueContractTests : TaskQueueContract
{
    protected override TimeSpan ReceiveTimeout => TimeSpan.FromSeconds(1);

    protected override Task<ITaskQueue> CreateQueueAsync() => Task.FromResult<ITaskQueue>(new InMemoryTaskQueue());

    protected override Task<IReadOnlyList<TaskQueueMessage>> ReceiveAsync(ITaskQueue queue, int maxMessages, CancellationToken cancellationToken) =>
        ((InMemoryTaskQueue)queue).ReceiveAsync(maxMessages, cancellationToken);
}
