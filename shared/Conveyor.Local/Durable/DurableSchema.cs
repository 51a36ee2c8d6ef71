namespace Conveyor.Local.Durable;

/// <summary>
/// The embedded durable execution service's tables: one row per execution holding its record's header (token, callback
/// deadlines, ...) as JSON plus the columns the engine's loop selects on, and (from step 9) one row per operation
/// (from step 11 in an append-ordered log keyed by the execution's <c>operations_key</c> and the operation's position).
/// From step 12 an execution is two rows under one integer key: what its start fixes (ARN, name, function, input, ...)
/// written once, and the small state every write rewrites (whose JSON, written by the service since, keeps the checkpoint
/// token's sequence only: the token follows from the ARN and the sequence; rows that hold the token are read as before).
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

    /// <summary>
    /// An execution splits into two rows under its integer key (the step-11 <c>operations_key</c>): what its start fixes
    /// (<c>durable_execution_headers</c>: ARN, name, function, start time, tracking task, and as JSON the input, the
    /// timeout and the invoking execution), written once, and what its writes change (<c>durable_execution_states</c>:
    /// status, the engine's due columns, version, and as JSON the token, the counters, the callback deadlines, the
    /// result). A checkpoint rewrites only the small state row, found by its key without an index (a step-11 row
    /// repeated the ARN, the name, the input, ... and every checkpoint rewrote them); rows of executions started
    /// together share pages. The step-11 record splits along the same members. The engine's loop claims from two
    /// partial indexes that hold only what it may claim, each in the order it takes them: executions to invoke now by
    /// the time of their last write, waiting ones by their next deadline (the step-10 index held both, so a claim read
    /// and sorted every claimable execution to take the oldest few).
    /// </summary>
    public const string Version12 = """
        CREATE TABLE durable_execution_headers (
            key INTEGER PRIMARY KEY,
            arn TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            task_id TEXT NULL,
            header TEXT NOT NULL);
        CREATE TABLE durable_execution_states (
            key INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            next_due TEXT NULL,
            needs_invocation INTEGER NOT NULL,
            leased INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            task_synced INTEGER NOT NULL,
            version INTEGER NOT NULL,
            state TEXT NOT NULL);
        INSERT INTO durable_execution_headers (key, arn, name, function_name, started_at, task_id, header)
            SELECT operations_key, arn, name, function_name, started_at, task_id,
                json_object('InputPayload', json_extract(record, '$.InputPayload'), 'StartedAt', json_extract(record, '$.StartedAt'), 'TimeoutAt', json_extract(record, '$.TimeoutAt'),
                    'ParentArn', json_extract(record, '$.ParentArn'), 'ParentOperationId', json_extract(record, '$.ParentOperationId'))
            FROM durable_executions;
        INSERT INTO durable_execution_states (key, status, next_due, needs_invocation, leased, updated_at, task_synced, version, state)
            SELECT operations_key, status, next_due, needs_invocation, leased, updated_at, task_synced, version,
                json_remove(record, '$.Arn', '$.Name', '$.FunctionName', '$.Status', '$.InputPayload', '$.StartedAt', '$.TimeoutAt', '$.ParentArn', '$.ParentOperationId', '$.Operations')
            FROM durable_executions;
        DROP TABLE durable_executions;
        CREATE INDEX durable_execution_states_invoke ON durable_execution_states (updated_at) WHERE status = 'RUNNING' AND leased = 0 AND needs_invocation = 1;
        CREATE INDEX durable_execution_states_timer ON durable_execution_states (next_due) WHERE status = 'RUNNING' AND leased = 0 AND needs_invocation = 0 AND next_due IS NOT NULL;
        CREATE INDEX durable_execution_states_task_sync ON durable_execution_states (task_synced) WHERE task_synced = 0;
        """;

    /// <summary>
    /// The header row's ARN is no longer indexed: an ARN names its execution (<c>…/durable-execution/name/id</c>), so a
    /// lookup by ARN goes through the name's index and checks the ARN on the row. Each start wrote one entry of about
    /// 130 bytes into a second index of the long ARNs, at a place as random as the names.
    /// </summary>
    public const string Version13 = """
        CREATE TABLE durable_execution_headers_13 (
            key INTEGER PRIMARY KEY,
            arn TEXT NOT NULL,
            name TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            task_id TEXT NULL,
            header TEXT NOT NULL);
        INSERT INTO durable_execution_headers_13 (key, arn, name, function_name, started_at, task_id, header)
            SELECT key, arn, name, function_name, started_at, task_id, header FROM durable_execution_headers;
        DROP TABLE durable_execution_headers;
        ALTER TABLE durable_execution_headers_13 RENAME TO durable_execution_headers;
        """;
}
