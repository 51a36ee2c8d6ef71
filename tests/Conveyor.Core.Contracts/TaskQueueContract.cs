using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using static Conveyor.Core.Contracts.ContractTasks;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="ITaskQueue"/> must do. Derive and supply a fresh queue and a way to receive from it
/// (the port only sends; receiving is adapter-specific: SQS ReceiveMessage, the SQLite lease, ...).
/// </summary>
public abstract class TaskQueueContract
{
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>How long to keep receiving before a missing message counts as lost.</summary>
    protected virtual TimeSpan ReceiveTimeout => TimeSpan.FromSeconds(20);

    protected abstract Task<ITaskQueue> CreateQueueAsync();

    /// <summary>Up to <paramref name="maxMessages"/> messages (fewer or none when nothing is ready); received means done.</summary>
    protected abstract Task<IReadOnlyList<TaskQueueMessage>> ReceiveAsync(ITaskQueue queue, int maxMessages, CancellationToken cancellationToken);

    [Fact]
    public async Task EnqueueAsync_WhenBatchOf25_ShouldDeliverEveryMessageWithTheSameBody()
    {
        var queue = await CreateQueueAsync();
        var tenant = UniqueTenant();
        var sent = Enumerable.Range(0, 25).Select(i =>
        {
            var task = NewTask(i % 5 == 0 ? tenant + "-é" : tenant, i, stepFunction: i % 2 == 0, type: $"type_{i % 3} x");
            return new TaskQueueMessage(task.Key, task.Tenant, task.Type);
        }).ToArray();

        await queue.EnqueueAsync(sent, Ct);
        var received = await ReceiveAtLeastAsync(queue, sent.Length);

        // At-least-once: a rare duplicate is allowed, a loss or a changed body is not.
        Assert.Equal(sent.ToHashSet(), received.ToHashSet());
    }

    [Fact]
    public async Task EnqueueAsync_WhenEmptyBatchThenOne_ShouldDeliverOnlyTheOne()
    {
        var queue = await CreateQueueAsync();
        var task = NewTask(UniqueTenant());
        var message = new TaskQueueMessage(task.Key, task.Tenant, task.Type);

        await queue.EnqueueAsync([], Ct);
        await queue.EnqueueAsync([message], Ct);
        var received = await ReceiveAtLeastAsync(queue, 1);

        Assert.Equal(message, Assert.Single(received.Distinct()));
    }

    private async Task<List<TaskQueueMessage>> ReceiveAtLeastAsync(ITaskQueue queue, int count)
    {
        var received = new List<TaskQueueMessage>();
        var deadline = DateTimeOffset.UtcNow + ReceiveTimeout;
        while (received.Distinct().Count() < count && DateTimeOffset.UtcNow < deadline)
        {
            received.AddRange(await ReceiveAsync(queue, 10, Ct));
        }

        return received;
    }
}
