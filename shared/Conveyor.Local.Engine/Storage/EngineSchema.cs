using Conveyor.Local.Storage;

namespace Conveyor.Local.Engine.Storage;

/// <summary>
/// The engine's own tables, next to the adapters' schema in the same database: workflow runs (so a killed engine resumes
/// its executions) and the last bucket-event sequencer per object key (so stale and repeated events are dropped).
/// Created idempotently at start-up; the adapters' migrations never see them.
/// </summary>
internal static class EngineSchema
{
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS engine_workflow_runs (
            execution_name TEXT PRIMARY KEY,
            pk TEXT NOT NULL,
            sk TEXT NOT NULL,
            input TEXT NOT NULL,
            status TEXT NOT NULL,
            starts INTEGER NOT NULL DEFAULT 0,
            error TEXT NULL,
            cause TEXT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS engine_workflow_runs_status ON engine_workflow_runs (status, created_at);
        CREATE TABLE IF NOT EXISTS engine_bucket_sequencers (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            sequencer TEXT NOT NULL,
            PRIMARY KEY (bucket, key)
        );
        """;

    public static Task EnsureAsync(LocalDatabase database, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => Sql.ExecuteAsync(connection, transaction, Ddl, cancellationToken), cancellationToken);
}
