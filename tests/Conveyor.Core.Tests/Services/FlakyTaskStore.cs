using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Services;

/// <summary>Fails the first <c>conflicts</c> updates with a conflict (as if another writer won), caps page sizes, and counts calls.</summary>
internal sealed class FlakyTaskStore(ITaskStore inner, int conflicts = 0, int maxPageSize = int.MaxValue) : ITaskStore
{
    private int _updates;
    private int _gets;

    public int UpdateCalls => _updates;

    public int GetCalls => _gets;

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _updates) <= conflicts
            ? throw new TaskConflictException(next.Key, condition.ExpectedVersion)
            : inner.UpdateAsync(next, condition, cancellationToken);

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(query with { Limit = Math.Min(query.Limit, maxPageSize) }, cancellationToken);

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken) =>
        inner.CreateAsync(task, idempotencyKey, cancellationToken);

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken) =>
        inner.CreateSubTasksAsync(subTasks, cancellationToken);

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync(key, cancellationToken);
    }
}
