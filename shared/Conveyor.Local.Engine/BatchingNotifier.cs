using Conveyor.Core.Ports;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine;

/// <summary>
/// The engine's <see cref="INotifier"/>: the SQLite notifier, except inside a <see cref="Begin"/> scope (one change-feed
/// invocation), where notifications are collected in order and recorded by <see cref="Scope.FlushAsync"/> in one
/// transaction — before the loop moves its checkpoint, so a crash or a failed flush redelivers the records and the
/// notification identities keep one of each. Outside a scope every notification is recorded at once, as before.
/// </summary>
public sealed class BatchingNotifier(SqliteNotifier inner) : INotifier
{
    private static readonly AsyncLocal<List<Notification>?> Pending = new();
    private readonly SqliteNotifier _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (Pending.Value is { } pending)
        {
            pending.Add(notification);
            return Task.CompletedTask;
        }

        return _inner.PublishAsync(notification, cancellationToken);
    }

    /// <summary>Collects this async flow's notifications until the scope is flushed or disposed (disposing unflushed drops them).</summary>
    public Scope Begin() => new(this);

    /// <summary>One invocation's collected notifications.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly BatchingNotifier _owner;
        private readonly List<Notification> _notifications = [];
        private readonly List<Notification>? _outer;

        internal Scope(BatchingNotifier owner)
        {
            _owner = owner;
            _outer = Pending.Value;
            Pending.Value = _notifications;
        }

        /// <summary>Records what was collected, in order, in one transaction.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            var collected = _notifications.ToArray();
            _notifications.Clear();
            await _owner._inner.PublishAllAsync(collected, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose() => Pending.Value = _outer;
    }
}
