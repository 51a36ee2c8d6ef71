using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tests.Reliability;

/// <summary>
/// Loses a set share of conditional writes (seeded, so a run can be repeated): the update is refused with a conflict as
/// if another writer had won, before anything is written. Everything else passes through.
/// </summary>
internal sealed class ConflictInjectingStore(ITaskStore inner, int seed) : ITaskStore
{
    private readonly Random _random = new(seed);
    private int _injected;
    private int _updates;

    /// <summary>The share of updates refused (0 while a test sets up).</summary>
    public double Rate { get; set; }

    public int Injected => Volatile.Read(ref _injected);

    public int Updates => Volatile.Read(ref _updates);

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _updates);
        bool lose;
        lock (_random)
        {
            lose = _random.NextDouble() < Rate;
        }

        if (lose)
        {
            Interlocked.Increment(ref _injected);
            throw new TaskConflictException(next.Key, condition.ExpectedVersion);
        }

        return inner.UpdateAsync(next, condition, cancellationToken);
    }

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken) =>
        inner.CreateAsync(task, idempotencyKey, cancellationToken);

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken) =>
        inner.CreateSubTasksAsync(subTasks, cancellationToken);

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);
}
