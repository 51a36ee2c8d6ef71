using System.Text.Json;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Notifications;

/// <summary>
/// <see cref="INotifier"/> that records every notification (task-status, sub-task-status, sfn-alarm) in SQLite, readable
/// by sequence, task or action — also from another process (<c>conveyor notifications --follow</c>) — and raises
/// <see cref="Published"/> in-process once the row is committed so the engine can print it.
/// </summary>
/// <remarks>
/// De-duplicates on <see cref="Notification.DeduplicationId"/> (a unique index): publishing a notification whose
/// identity is recorded already is a no-op (no row, no event), so a change-feed record redelivered after a crash still
/// yields exactly one notification. Notifications without an identity (explicit alarms) are always recorded.
/// </remarks>
public sealed class SqliteNotifier(LocalDatabase database, TimeProvider time) : INotifier
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public event EventHandler<NotificationRecord>? Published;

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return PublishAllAsync([notification], cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="notifications"/> in order in one transaction (all or none), then raises
    /// <see cref="Published"/> for each that was new; the change-feed relay uses it for one invocation's notifications.
    /// </summary>
    public async Task PublishAllAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var sequences = await _database.WriteAsync(
            async (connection, transaction) =>
            {
                var recorded = new long?[notifications.Count];
                for (var i = 0; i < notifications.Count; i++)
                {
                    var notification = notifications[i];
                    recorded[i] = (long?)await Sql.ScalarAsync(
                        connection, transaction,
                        """
                        INSERT INTO notifications (action, task_id, pk, sk, tenant_code, content, published_at, deduplication_id, format, table_name)
                        VALUES ($action, $id, $pk, $sk, $tenant, $content, $t, $dedup, $format, $table)
                        ON CONFLICT DO NOTHING RETURNING sequence;
                        """,
                        cancellationToken,
                        ("$action", notification.Action), ("$id", notification.Id), ("$pk", notification.Key.Pk), ("$sk", notification.Key.Sk),
                        ("$tenant", notification.TenantCode), ("$content", notification.Content.GetRawText()), ("$t", now.ToUnixTimeMilliseconds()),
                        ("$dedup", notification.DeduplicationId), ("$format", NotificationFormatOptions.WireName(notification.Format)), ("$table", notification.Table)).ConfigureAwait(false);
                }

                return recorded;
            },
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < notifications.Count; i++)
        {
            // null: recorded already under the same identity (a redelivery).
            if (sequences[i] is { } sequence)
            {
                Raise(notifications[i], sequence, now);
            }
        }
    }

    private void Raise(Notification notification, long sequence, DateTimeOffset now) =>
        Published?.Invoke(this, new NotificationRecord(
            sequence, notification.Action, notification.Id, notification.Key.Pk, notification.Key.Sk, notification.TenantCode,
            notification.Content.Clone(), DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()))
        {
            DeduplicationId = notification.DeduplicationId,
            Format = NotificationFormatOptions.WireName(notification.Format),
            Table = notification.Table,
        });

    /// <summary>Notifications after <see cref="NotificationQuery.AfterSequence"/> in publish order, filtered as asked.</summary>
    public Task<IReadOnlyList<NotificationRecord>> QueryAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return _database.ReadAsync<IReadOnlyList<NotificationRecord>>(
            async connection => await Sql.ListAsync(
                connection, null,
                """
                SELECT sequence, action, task_id, pk, sk, tenant_code, content, published_at, deduplication_id, format, table_name FROM notifications
                WHERE sequence > $after AND ($id IS NULL OR task_id = $id) AND ($action IS NULL OR action = $action)
                ORDER BY sequence LIMIT $limit;
                """,
                r =>
                {
                    using var content = JsonDocument.Parse(r.GetString(6));
                    return new NotificationRecord(
                        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                        content.RootElement.Clone(), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)))
                    {
                        DeduplicationId = r.NullableString(8),
                        Format = r.NullableString(9) ?? "conveyor",
                        Table = r.NullableString(10),
                    };
                },
                cancellationToken, ("$after", query.AfterSequence), ("$id", query.TaskId), ("$action", query.Action), ("$limit", query.Limit)).ConfigureAwait(false),
            cancellationToken);
    }
}
