using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Tasks;

/// <summary>
/// Local-only reads across partitions, which DynamoDB would need a scan or an index for: listing tasks of every tenant
/// filtered by kind and status, and counts per status for the live progress view.
/// </summary>
public sealed class SqliteTaskListing(LocalDatabase database)
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Tasks in creation order (then pk, sk), up to <see cref="LocalTaskFilter.Limit"/>.</summary>
    public Task<IReadOnlyList<TrackedTask>> ListAsync(LocalTaskFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1);
        TaskKey? after = filter.AfterId is null ? null : TaskKey.ParseId(filter.AfterId);
        return _database.ReadAsync<IReadOnlyList<TrackedTask>>(
            async connection => (await Sql.ListAsync(
                connection, null,
                """
                SELECT document FROM tasks
                WHERE ($tenant IS NULL OR tenant = $tenant) AND ($kind IS NULL OR kind = $kind) AND ($status IS NULL OR status = $status)
                  AND ($apk IS NULL OR (created_at, pk, sk) > ((SELECT created_at FROM tasks WHERE pk = $apk AND sk = $ask), $apk, $ask))
                ORDER BY created_at, pk, sk LIMIT $limit;
                """,
                r => r.GetString(0), cancellationToken,
                ("$tenant", filter.Tenant), ("$kind", filter.Kind?.ToString()), ("$status", filter.Status?.ToWireName()),
                ("$apk", after?.Pk), ("$ask", after?.Sk), ("$limit", filter.Limit)).ConfigureAwait(false)).Select(TaskJson.Parse).ToArray(),
            cancellationToken);
    }

    /// <summary>How many subtasks of <paramref name="parent"/> are in each status (one indexed range read, for progress views).</summary>
    public Task<IReadOnlyDictionary<TrackedTaskStatus, int>> CountSubTasksByStatusAsync(TaskKey parent, CancellationToken cancellationToken)
    {
        var prefix = TaskKeys.SubTaskPrefix(parent);
        return _database.ReadAsync<IReadOnlyDictionary<TrackedTaskStatus, int>>(
            async connection => (await Sql.ListAsync(
                connection, null, "SELECT status, COUNT(*) FROM tasks WHERE pk = $pk AND sk > $prefix AND sk < $end GROUP BY status;",
                r => (Status: TrackedTaskStatusNames.Parse(r.GetString(0)), Count: r.GetInt32(1)), cancellationToken,
                ("$pk", parent.Pk), ("$prefix", prefix), ("$end", SqliteTaskSearch.SubTaskRangeEnd(parent))).ConfigureAwait(false)).ToDictionary(p => p.Status, p => p.Count),
            cancellationToken);
    }

    /// <summary>
    /// How many tasks are in each status, optionally of one kind. Single and step-function tasks are counted from the
    /// top-level status index alone (no row is read), so the count stays cheap with many rows.
    /// </summary>
    public Task<IReadOnlyDictionary<TrackedTaskStatus, int>> CountByStatusAsync(TaskKind? kind, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyDictionary<TrackedTaskStatus, int>>(
            async connection => (await Sql.ListAsync(
                connection, null,
                kind is TaskKind.Task or TaskKind.StepFunction
                    ? "SELECT status, COUNT(*) FROM tasks INDEXED BY tasks_top_counts WHERE kind <> 'SubTask' AND kind = $kind GROUP BY status;"
                    : "SELECT status, COUNT(*) FROM tasks WHERE ($kind IS NULL OR kind = $kind) GROUP BY status;",
                r => (Status: TrackedTaskStatusNames.Parse(r.GetString(0)), Count: r.GetInt32(1)), cancellationToken,
                ("$kind", kind?.ToString())).ConfigureAwait(false)).ToDictionary(p => p.Status, p => p.Count),
            cancellationToken);
}
