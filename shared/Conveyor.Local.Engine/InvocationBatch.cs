namespace Conveyor.Local.Engine;

/// <summary>
/// Writes of one kind (notifications, task-queue messages) collected during one change-feed invocation and stored by
/// <see cref="Scope.FlushAsync"/> in one transaction, before the loop moves its checkpoint: a crash or a failed flush
/// redelivers the records, whose handling is idempotent. The scope follows the async flow (an <see cref="AsyncLocal{T}"/>),
/// so concurrent invocations collect separately; outside a scope <see cref="TryAdd"/> declines and the caller writes at once.
/// </summary>
public sealed class InvocationBatch<T>
{
    private readonly AsyncLocal<List<T>?> _pending = new();
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _store;

    /// <param name="store">Stores the collected items, in order, in one transaction (not called when there are none).</param>
    public InvocationBatch(Func<IReadOnlyList<T>, CancellationToken, Task> store) =>
        _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Collects <paramref name="items"/> when this async flow is inside a scope; false (nothing collected) otherwise.</summary>
    public bool TryAdd(IEnumerable<T> items)
    {
        if (_pending.Value is not { } pending)
        {
            return false;
        }

        pending.AddRange(items);
        return true;
    }

    /// <summary>Collects this async flow's items until the scope is flushed or disposed (disposing unflushed drops them).</summary>
    public Scope Begin() => new(this);

    /// <summary>One invocation's collected items.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly InvocationBatch<T> _owner;
        private readonly List<T> _items = [];
        private readonly List<T>? _outer;

        internal Scope(InvocationBatch<T> owner)
        {
            _owner = owner;
            _outer = owner._pending.Value;
            owner._pending.Value = _items;
        }

        /// <summary>Stores what was collected, in order, in one transaction.</summary>
        public Task FlushAsync(CancellationToken cancellationToken)
        {
            var collected = _items.ToArray();
            _items.Clear();
            return collected.Length == 0 ? Task.CompletedTask : _owner._store(collected, cancellationToken);
        }

        public void Dispose() => _owner._pending.Value = _outer;
    }
}
