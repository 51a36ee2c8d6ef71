using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tests.Support;

/// <summary>
/// Counts the store calls a runner makes (one call = one write or read as a store that batches them makes it) and passes
/// them to the harness's own store, resolved when first used.
/// </summary>
internal sealed class WriteCountingStore(Func<ITaskStore> inner) : ITaskStore
{
    private ITaskStore Inner => inner();

    public int Writes { get; private set; }

    public int Reads { get; private set; }

    public void Reset() => (Writes, Reads) = (0, 0);

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken)
    {
        Writes++;
        return Inner.CreateAsync(task, idempotencyKey, cancellationToken);
    }

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        Writes++;
        return Inner.CreateSubTasksAsync(subTasks, cancellationToken);
    }

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken)
    {
        Reads++;
        return Inner.GetAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<TrackedTask?>> GetEachAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken)
    {
        Reads++;
        return Inner.GetEachAsync(keys, cancellationToken);
    }

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        Writes++;
        return Inner.UpdateAsync(next, condition, cancellationToken);
    }

    public Task<IReadOnlyList<TrackedTask?>> TryUpdateEachAsync(IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        Writes++;
        return Inner.TryUpdateEachAsync(updates, cancellationToken);
    }

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        Reads++;
        return Inner.QueryAsync(query, cancellationToken);
    }
}
