using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Local.Tasks;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

public sealed class SqliteTaskStoreContractTests : TaskStoreContract, IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    protected override Task<ITaskStore> CreateStoreAsync() => Task.FromResult<ITaskStore>(new SqliteTaskStore(_folder.Database, TimeProvider.System));
}
