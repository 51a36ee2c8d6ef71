using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>
/// Durable task rows. Every update is a compare-and-set on <see cref="TaskWriteCondition"/>; a lost race throws
/// <see cref="TaskConflictException"/> and never overwrites. Adapters: in-memory, SQLite, DynamoDB (one contract suite).
/// </summary>
public interface ITaskStore
{
    /// <summary>
    /// Inserts a new task (version 1). With an <paramref name="idempotencyKey"/>, a second call with the same key
    /// returns the task created by the first (Created = false) instead of inserting another.
    /// </summary>
    Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Inserts each subtask unless a row with its key exists; returns how many were newly inserted.</summary>
    Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken);

    Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="next"/> if the stored row matches <paramref name="condition"/>.</summary>
    /// <exception cref="TaskConflictException">The stored version or status differs, or the row is gone.</exception>
    Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken);

    /// <summary>
    /// Each of <paramref name="updates"/> on its own condition, as <see cref="UpdateAsync"/> writes one: per update, in
    /// order, the stored row, or null when its condition did not hold (nothing written for it). One update's conflict
    /// never stops another. A store that can (SQLite) makes them in one transaction; the default makes them one by one.
    /// </summary>
    async Task<IReadOnlyList<TrackedTask?>> TryUpdateEachAsync(IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var stored = new TrackedTask?[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            try
            {
                stored[i] = await UpdateAsync(updates[i].Next, updates[i].Condition, cancellationToken);
            }
            catch (TaskConflictException)
            {
                stored[i] = null;
            }
        }

        return stored;
    }

    /// <summary>The rows of <paramref name="keys"/>, in order (null for a missing one); one read where the store can, else one per key.</summary>
    async Task<IReadOnlyList<TrackedTask?>> GetEachAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = new TrackedTask?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            rows[i] = await GetAsync(keys[i], cancellationToken);
        }

        return rows;
    }

    /// <summary>One page of the rows of a partition, in sort-key order.</summary>
    /// <exception cref="Validation.ValidationException">The continuation token is not one this store issued.</exception>
    Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken);
}
