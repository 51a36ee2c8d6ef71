using Conveyor.Core.Tasks;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Notifications;

/// <summary>
/// Aggregates over the recorded notifications for the dashboard, each an indexed read: one task's status timeline
/// (by task id), completed/failed per second (by publish time), and the latest notifications grouped per task.
/// </summary>
public sealed class SqliteNotificationActivity(LocalDatabase database)
{
    private const int TimelineLimit = 500;
    private const int LatestPerGroup = 5;
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>The task's notifications in order, consecutive repeats of one status folded into one entry.</summary>
    public Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string taskId, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<TimelineEntry>>(
            async connection => await Sql.ListAsync(
                connection, null,
                """
                SELECT sequence, action, status, message, published_at, repeats FROM (
                    SELECT sequence, action, status, message, published_at, run,
                           COUNT(*) OVER (PARTITION BY run) AS repeats,
                           ROW_NUMBER() OVER (PARTITION BY run ORDER BY sequence) AS position
                    FROM (
                        SELECT sequence, action, status, message, published_at,
                               SUM(changed) OVER (ORDER BY sequence ROWS UNBOUNDED PRECEDING) AS run
                        FROM (
                            SELECT sequence, action, status, message, published_at,
                                   CASE WHEN action || '|' || COALESCE(status, message, '') IS LAG(action || '|' || COALESCE(status, message, '')) OVER (ORDER BY sequence) THEN 0 ELSE 1 END AS changed
                            FROM (
                                SELECT sequence, action, json_extract(content, '$.status') AS status, json_extract(content, '$.errorMessage') AS message, published_at
                                FROM notifications WHERE task_id = $id))))
                WHERE position = 1 ORDER BY sequence LIMIT $limit;
                """,
                r => new TimelineEntry(
                    r.GetInt64(0), r.GetString(1), r.NullableString(2), r.NullableString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt32(5)),
                cancellationToken, ("$id", taskId), ("$limit", TimelineLimit)).ConfigureAwait(false),
            cancellationToken);

    /// <summary>Per second from <paramref name="from"/>: tasks and subtasks that became COMPLETED or FAILED (seconds without any are left out).</summary>
    public Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(DateTimeOffset from, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ThroughputPoint>>(
            async connection => await Sql.ListAsync(
                connection, null,
                """
                SELECT second, SUM(status = 'COMPLETED'), SUM(status = 'FAILED') FROM (
                    SELECT published_at / 1000 AS second, json_extract(content, '$.status') AS status
                    FROM notifications WHERE published_at >= $from AND action IN ('task-status', 'sub-task-status'))
                WHERE status IN ('COMPLETED', 'FAILED') GROUP BY second ORDER BY second;
                """,
                r => new ThroughputPoint(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2)),
                cancellationToken, ("$from", from.ToUnixTimeMilliseconds())).ConfigureAwait(false),
            cancellationToken);

    /// <summary>
    /// The latest <paramref name="window"/> notifications grouped per task — a subtask's under its parent — newest group
    /// first, at most <paramref name="groups"/> groups: a running import is one line, not one per subtask update. The
    /// latest task-level notifications (<c>task-status</c>, <c>sfn-alarm</c>, by their action index) are read besides
    /// the window, so tasks notified before a flood of subtask updates keep their line.
    /// </summary>
    public async Task<IReadOnlyList<NotificationGroup>> RecentByTaskAsync(int window, int groups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(
                connection, null,
                """
                SELECT sequence, action, task_id, pk, sk, json_extract(content, '$.status'), json_extract(content, '$.errorMessage'), published_at FROM (
                    SELECT * FROM notifications ORDER BY sequence DESC LIMIT $window)
                UNION
                SELECT sequence, action, task_id, pk, sk, json_extract(content, '$.status'), json_extract(content, '$.errorMessage'), published_at FROM (
                    SELECT * FROM notifications WHERE action = 'task-status' ORDER BY sequence DESC LIMIT $tasks)
                UNION
                SELECT sequence, action, task_id, pk, sk, json_extract(content, '$.status'), json_extract(content, '$.errorMessage'), published_at FROM (
                    SELECT * FROM notifications WHERE action = 'sfn-alarm' ORDER BY sequence DESC LIMIT $tasks)
                ORDER BY 1 DESC;
                """,
                r => (Entry: new TimelineEntry(r.GetInt64(0), r.GetString(1), r.NullableString(5), r.NullableString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), 1),
                      TaskId: r.GetString(2), Key: new TaskKey(r.GetString(3), r.GetString(4))),
                cancellationToken, ("$window", window), ("$tasks", groups * 4)),
            cancellationToken).ConfigureAwait(false);
        return rows
            .GroupBy(r => GroupOf(r.TaskId, r.Key), StringComparer.Ordinal)
            .Select(g =>
            {
                var own = g.Where(r => r.TaskId == g.Key).ToList();
                var status = (own.Count > 0 ? own : g.ToList()).Select(r => r.Entry.Status).FirstOrDefault(s => s is not null);
                var message = own.Select(r => r.Entry.Message).FirstOrDefault(m => m is not null);
                return new NotificationGroup(
                    g.Key, status, message, g.First().Entry.At, g.Count(), g.Count() - own.Count,
                    g.Take(LatestPerGroup).Select(r => r.Entry with { Action = r.TaskId == g.Key ? r.Entry.Action : $"{r.Entry.Action} #{r.Key.Sk[(r.Key.Sk.LastIndexOf('#') + 1)..]}" }).ToArray());
            })
            .OrderByDescending(g => g.Latest[0].Sequence)
            .Take(groups)
            .ToArray();
    }

    private static string GroupOf(string taskId, TaskKey key)
    {
        try
        {
            return TaskKeys.ParentOf(key)?.Id ?? taskId;
        }
        catch (FormatException)
        {
            return taskId;
        }
    }
}
