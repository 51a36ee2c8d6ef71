using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine;

/// <summary>The task store, ringing the change-feed doorbell after each write so StreamFanOut sees new rows at once.</summary>
public sealed class SignallingTaskStore(ITaskStore inner, EngineSignals signals) : ITaskStore
{
    private readonly ITaskStore _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly EngineSignals _signals = signals ?? throw new ArgumentNullException(nameof(signals));

    public async Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var creation = await _inner.CreateAsync(task, idempotencyKey, cancellationToken).ConfigureAwait(false);
        _signals.ChangeFeed.Ring();
        return creation;
    }

    public async Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        var inserted = await _inner.CreateSubTasksAsync(subTasks, cancellationToken).ConfigureAwait(false);
        _signals.ChangeFeed.Ring();
        return inserted;
    }

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

    public async Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        var stored = await _inner.UpdateAsync(next, condition, cancellationToken).ConfigureAwait(false);
        _signals.ChangeFeed.Ring();
        return stored;
    }

    public async Task<IReadOnlyList<TrackedTask?>> TryUpdateEachAsync(IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        var stored = await _inner.TryUpdateEachAsync(updates, cancellationToken).ConfigureAwait(false);
        _signals.ChangeFeed.Ring();
        return stored;
    }

    public Task<IReadOnlyList<TrackedTask?>> GetEachAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken) => _inner.GetEachAsync(keys, cancellationToken);

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken) => _inner.QueryAsync(query, cancellationToken);
}
