using Conveyor.Core.Ports;

namespace Conveyor.Local.Engine;

/// <summary>The task queue, ringing the workers' doorbell after each send.</summary>
public sealed class SignallingTaskQueue(ITaskQueue inner, EngineSignals signals) : ITaskQueue
{
    private readonly ITaskQueue _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly EngineSignals _signals = signals ?? throw new ArgumentNullException(nameof(signals));

    public async Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        await _inner.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        _signals.TaskQueue.Ring();
    }
}
