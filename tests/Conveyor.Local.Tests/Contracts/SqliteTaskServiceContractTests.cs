using Conveyor.Core.Contracts;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Tasks;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

public sealed class SqliteTaskServiceContractTests : TaskServiceContract, IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    protected override Task<ITaskStore> CreateStoreAsync() => Task.FromResult<ITaskStore>(new SqliteTaskStore(_folder.Database, TimeProvider.System));

    protected override async Task<IReadOnlyList<TaskChange>> ReadChangesAsync(ITaskStore store)
    {
        // A consumer that never acknowledges reads the whole feed from the start.
        var records = await new SqliteChangeFeed(_folder.Database).ReadBatchAsync("contract", 100_000, Ct);
        return records.Select(r => new TaskChange(r.OldImage is { } old ? TaskJson.Read(old) : null, TaskJson.Read(r.NewImage))).ToArray();
    }
}
