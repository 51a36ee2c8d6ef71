using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Contracts;

/// <summary>
/// Wraps a store so the first <c>parties</c> reads all see the row before any of them may write: forces the
/// read-modify-write race that real concurrency only produces sometimes.
/// </summary>
public sealed class ReadBarrierTaskStore(ITaskStore inner, int parties) : ITaskStore
{
    private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    public async Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken)
    {
        var row = await inner.GetAsync(key, cancellationToken);
        var arrived = Interlocked.Increment(ref _reads);
        if (arrived == parties)
        {
            _allRead.TrySetResult();
        }

        if (arrived <= parties)
        {
            await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        return row;
    }

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken) =>
        inner.CreateAsync(task, idempotencyKey, cancellationToken);

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken) =>
        inner.CreateSubTasksAsync(subTasks, cancellationToken);

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken) =>
        inner.UpdateAsync(next, condition, cancellationToken);

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);
}
