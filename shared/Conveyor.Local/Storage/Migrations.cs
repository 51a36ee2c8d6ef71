namespace Conveyor.Local.Storage;

/// <summary>
/// The ordered schema steps. Each runs in one <c>BEGIN IMMEDIATE</c> transaction together with its version row, so two
/// processes starting at once apply it exactly once and a crash mid-migration leaves the previous version intact.
/// Never edit a shipped step; append a new one.
/// </summary>
public static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tasks, change feed, queue, buckets, schedules, notifications, read models, command log", Schema.Version1),
        new(2, "change feed old images, notification identities", Schema.Version2),
        new(3, "notification format and table", Schema.Version3),
        new(4, "durable executions", Durable.DurableSchema.Version4),
        new(5, "dashboard indexes: top-level tasks by time, status, tenant, type; task names; notifications by time", DashboardSchema.Version5),
        new(6, "durable executions: tracking task", Durable.DurableSchema.Version6),
        new(7, "queue message attributes (dead-letter causes)", Schema.Version7),
        new(8, "dead-letter re-drives", Schema.Version8),
        new(9, "durable executions: one row per operation, record versions", Durable.DurableSchema.Version9),
        new(10, "durable executions: the due index keeps only the executions the engine may claim", Durable.DurableSchema.Version10),
        new(11, "durable executions: operations in an append-ordered log keyed by the execution's integer key", Durable.DurableSchema.Version11),
        new(12, "durable executions: what a start fixes written once, apart from the small state every write rewrites", Durable.DurableSchema.Version12),
        new(13, "durable executions: found by ARN through the name's index (no index of ARNs)", Durable.DurableSchema.Version13),
    ];

    public static int LatestVersion => All[^1].Version;

    internal static async Task ApplyAsync(LocalDatabase database, CancellationToken cancellationToken)
    {
        foreach (var migration in All)
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await Sql.ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken).ConfigureAwait(false);
                    var applied = await Sql.ScalarAsync(connection, transaction, "SELECT 1 FROM schema_version WHERE version = $v;", cancellationToken, ("$v", migration.Version)).ConfigureAwait(false);
                    if (applied is not null)
                    {
                        return;
                    }

                    await Sql.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    await Sql.ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));",
                        cancellationToken,
                        ("$v", migration.Version),
                        ("$d", migration.Description)).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The highest applied schema version.</summary>
    public static Task<long> CurrentVersionAsync(LocalDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ReadAsync(
            async connection => (long)(await Sql.ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken).ConfigureAwait(false) ?? 0L),
            cancellationToken);
    }
}
