using Conveyor.Core.Ports;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine;

/// <summary>
/// The engine's <see cref="INotifier"/>: the SQLite notifier, except inside a <see cref="Begin"/> scope (one change-feed
/// invocation), where notifications are collected in order and recorded by the scope's flush in one transaction — before
/// the loop moves its checkpoint, so a crash or a failed flush redelivers the records and the notification identities keep
/// one of each. Outside a scope every notification is recorded at once.
/// </summary>
public sealed class BatchingNotifier : INotifier
{
    private readonly SqliteNotifier _inner;
    private readonly InvocationBatch<Notification> _batch;

    public BatchingNotifier(SqliteNotifier inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _batch = new((notifications, ct) => _inner.PublishAllAsync(notifications, ct));
    }

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _batch.TryAdd([notification]) ? Task.CompletedTask : _inner.PublishAsync(notification, cancellationToken);
    }

    /// <summary>Collects this async flow's notifications until the scope is flushed or disposed (disposing unflushed drops them).</summary>
    public InvocationBatch<Notification>.Scope Begin() => _batch.Begin();
}
