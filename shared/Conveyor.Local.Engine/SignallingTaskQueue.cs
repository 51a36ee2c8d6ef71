using Conveyor.Core.Ports;

namespace Conveyor.Local.Engine;

/// <summary>
/// The task queue, ringing the workers' doorbell after each send. Inside a <see cref="Begin"/> scope (one change-feed
/// invocation) the dispatched tasks' messages are collected and sent by the scope's flush in one transaction, so the
/// workers wake to a batch instead of one message per write. Safe because dispatching is idempotent: a task whose
/// message was never sent (a crash before the flush) is QUEUED, and the redelivered INSERT record enqueues it again.
/// </summary>
public sealed class SignallingTaskQueue : ITaskQueue
{
    private readonly ITaskQueue _inner;
    private readonly EngineSignals _signals;
    private readonly InvocationBatch<TaskQueueMessage> _batch;

    public SignallingTaskQueue(ITaskQueue inner, EngineSignals signals)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _signals = signals ?? throw new ArgumentNullException(nameof(signals));
        _batch = new(SendAsync);
    }

    public Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _batch.TryAdd(messages) ? Task.CompletedTask : SendAsync(messages, cancellationToken);
    }

    /// <summary>Collects this async flow's messages until the scope is flushed or disposed (disposing unflushed drops them).</summary>
    public InvocationBatch<TaskQueueMessage>.Scope Begin() => _batch.Begin();

    private async Task SendAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        await _inner.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        _signals.TaskQueue.Ring();
    }
}
