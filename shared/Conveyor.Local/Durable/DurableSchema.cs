namespace Conveyor.Local.Durable;

/// <summary>
/// The embedded durable execution service's tables: one row per execution holding its record's header (token, callback
/// deadlines, ...) as JSON plus the columns the engine's loop selects on, and (from step 9) one row per operation
/// (from step 11 in an append-ordered log keyed by the execution's <c>operations_key</c> and the operation's position).
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

    /// <summary>
    /// Operations move to a log appended in the order they are created (<c>id</c>), found through a small index on the
    /// execution's integer key and the operation's position. Concurrent executions' new operations then share the log's
    /// last page instead of each growing its own run of rows in the middle of a table keyed by ARN (where every few
    /// operations split a page). An execution's key (<c>operations_key</c>) is given at its start (one more than the
    /// log's last id, so later executions sort after earlier ones); existing executions take their negated rowid.
    /// </summary>
    public const string Version11 = """
        ALTER TABLE durable_executions ADD COLUMN operations_key INTEGER NOT NULL DEFAULT 0;
        UPDATE durable_executions SET operations_key = -rowid;
        CREATE TABLE durable_operation_log (
            id INTEGER PRIMARY KEY,
            execution INTEGER NOT NULL,
            position INTEGER NOT NULL,
            operation TEXT NOT NULL);
        INSERT INTO durable_operation_log (execution, position, operation)
            SELECT e.operations_key, o.position, o.operation FROM durable_operations o JOIN durable_executions e ON e.arn = o.arn ORDER BY o.arn, o.position;
        DROP TABLE durable_operations;
        CREATE UNIQUE INDEX durable_operation_log_position ON durable_operation_log (execution, position);
        """;
}
