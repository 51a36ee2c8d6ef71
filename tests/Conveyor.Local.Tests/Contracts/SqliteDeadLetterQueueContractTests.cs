using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Local.Queue;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

/// <summary>The SQLite queue dead-letters into its own dead-letter queue (<c>&lt;name&gt;-dlq</c>) and passes the contract.</summary>
public sealed class SqliteDeadLetterQueueContractTests : DeadLetterQueueContract, IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    protected override Task<IDeadLetterQueue> CreateQueueAsync() =>
        Task.FromResult<IDeadLetterQueue>(new SqliteQueue(_folder.Database, new QueueOptions("tasks-" + Guid.NewGuid().ToString("N")), TimeProvider.System));

    protected override async Task<IReadOnlyList<(string Body, IReadOnlyDictionary<string, string> Attributes)>> ReadAsync(IDeadLetterQueue queue, CancellationToken cancellationToken)
    {
        var dead = await ((SqliteQueue)queue).DeadLetterQueue().ReceiveAsync(100, null, cancellationToken);
        return [.. dead.Select(m => (m.Body, m.Attributes ?? new Dictionary<string, string>()))];
    }
}
