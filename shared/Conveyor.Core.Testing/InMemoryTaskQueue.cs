using System.Collections.Concurrent;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;

namespace Conveyor.Core.Testing;

/// <summary>
/// A task queue in memory. Messages travel as their JSON body (like SQS), so a receive proves the body round-trips.
/// <see cref="Enqueued"/> keeps everything ever sent; <see cref="ReceiveAsync"/> takes messages off the queue.
/// </summary>
public sealed class InMemoryTaskQueue : ITaskQueue
{
    private readonly ConcurrentQueue<string> _pending = new();
    private readonly ConcurrentQueue<TaskQueueMessage> _history = new();

    public IReadOnlyList<TaskQueueMessage> Enqueued => _history.ToArray();

    public int PendingCount => _pending.Count;

    public Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        // Serialize all first so a bad message enqueues nothing.
        var bodies = messages.Select(TaskQueueMessageJson.Serialize).ToArray();
        foreach (var (body, message) in bodies.Zip(messages))
        {
            _pending.Enqueue(body);
            _history.Enqueue(message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes up to <paramref name="maxMessages"/> messages off the queue (none when empty).</summary>
    public Task<IReadOnlyList<TaskQueueMessage>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var received = new List<TaskQueueMessage>();
        while (received.Count < maxMessages && _pending.TryDequeue(out var body))
        {
            received.Add(TaskQueueMessageJson.Parse(body));
        }

        return Task.FromResult<IReadOnlyList<TaskQueueMessage>>(received);
    }
}
