namespace Conveyor.Local.Durable;

/// <summary>
/// The embedded durable execution service's tables: one row per execution holding its record's header (token, callback
/// deadlines, ...) as JSON plus the columns the engine's loop selects on, and (from step 9) one row per operation.
/// </summary>
public static class DurableSchema
{
    public const string Version4 = """
        CREATE TABLE durable_executions (
            arn TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            status TEXT NOT NULL,
            record TEXT NOT NULL,
            next_due TEXT NULL,
            needs_invocation INTEGER NOT NULL,
            leased INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE INDEX durable_executions_due ON durable_executions (status, leased, needs_invocation, next_due);
        """;

    /// <summary>The Conveyor task tracking each execution, and whether it has been told how the execution ended.</summary>
    public const string Version6 = """
        ALTER TABLE durable_executions ADD COLUMN task_id TEXT NULL;
        ALTER TABLE durable_executions ADD COLUMN task_synced INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX durable_executions_task_sync ON durable_executions (task_synced) WHERE task_synced = 0;
        """;

    /// <summary>
    /// One row per operation, so a checkpoint writes the operations it changed instead of the whole record. Existing
    /// records move their operations (the <c>Operations</c> array of the step-4 JSON) into rows at their positions.
    /// <c>version</c> is bumped by every write of a record (the service keeps records it wrote in memory by version).
    /// </summary>
    public const string Version9 = """
        CREATE TABLE durable_operations (
            arn TEXT NOT NULL,
            position INTEGER NOT NULL,
            operation TEXT NOT NULL,
            PRIMARY KEY (arn, position)) WITHOUT ROWID;
        INSERT INTO durable_operations (arn, position, operation)
            SELECT e.arn, o.key, o.value FROM durable_executions e, json_each(e.record, '$.Operations') o;
        UPDATE durable_executions SET record = json_remove(record, '$.Operations');
        ALTER TABLE durable_executions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        """;

    /// <summary>
    /// The engine's loop selects only RUNNING executions no invocation holds (<c>ClaimDueAsync</c>), so its index keeps
    /// only those: a claim removes the execution's entry, a checkpoint made while it is leased writes no index page
    /// whatever columns it changes, and an execution that ends leaves none to write. The full index moved an entry
    /// (a deleted and an inserted key) on every claim and every release.
    /// </summary>
    public const string Version10 = """
        DROP INDEX durable_executions_due;
        CREATE INDEX durable_executions_due ON durable_executions (needs_invocation, next_due) WHERE status = 'RUNNING' AND leased = 0;
        """;
}
