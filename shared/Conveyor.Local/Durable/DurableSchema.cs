namespace Conveyor.Local.Durable;

/// <summary>
/// The embedded durable execution service's table: one row per execution holding its whole record (operations,
/// token, callback deadlines) as JSON, plus the columns the engine's loop selects on.
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
}
