using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Local.Queue;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

public sealed class SqliteQueueContractTests : TaskQueueContract, IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    protected override TimeSpan ReceiveTimeout => TimeSpan.FromSeconds(5);

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    protected override Task<ITaskQueue> CreateQueueAsync() =>
        Task.FromResult<ITaskQueue>(new SqliteQueue(_folder.Database, new QueueOptions("tasks-" + Guid.NewGuid().ToString("N")), TimeProvider.System));

    protected override async Task<IReadOnlyList<TaskQueueMessage>> ReceiveAsync(ITaskQueue queue, int maxMessages, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteQueue)queue;
        var messages = await sqlite.ReceiveAsync(maxMessages, null, cancellationToken);
        foreach (var message in messages)
        {
            await sqlite.DeleteAsync(message.ReceiptHandle, cancellationToken);
        }

        return messages.Select(m => TaskQueueMessageJson.Parse(m.Body)).ToArray();
    }
}
