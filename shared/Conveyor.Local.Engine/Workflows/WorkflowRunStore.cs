using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.Engine.Storage;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// Workflow runs in SQLite: a start is one idempotent insert keyed by the execution name (the same name starts once, like
/// Step Functions), and a run stays RUNNING until its outcome is stored — so an engine killed mid-execution finds it and
/// runs it again from the start.
/// </summary>
public sealed class WorkflowRunStore(LocalDatabase database, TimeProvider time)
{
    private const string Columns = "execution_name, pk, sk, input, status, starts, created_at";
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Stores a new RUNNING run; false when a run of that name exists already (a repeated start).</summary>
    public Task<bool> InsertAsync(WorkflowStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return _database.WriteAsync(
            async (connection, transaction) => await Sql.ExecuteAsync(
                connection, transaction,
                "INSERT OR IGNORE INTO engine_workflow_runs (execution_name, pk, sk, input, status, created_at, updated_at) VALUES ($n, $pk, $sk, $input, $status, $t, $t);",
                cancellationToken,
                ("$n", start.ExecutionName), ("$pk", start.TaskKey.Pk), ("$sk", start.TaskKey.Sk), ("$input", start.Input.GetRawText()),
                ("$status", WorkflowRun.Running), ("$t", now)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>The oldest RUNNING runs.</summary>
    public Task<IReadOnlyList<WorkflowRun>> ListRunningAsync(int limit, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<WorkflowRun>>(
            async connection => await Sql.ListAsync(
                connection, null, $"SELECT {Columns} FROM engine_workflow_runs WHERE status = $status ORDER BY created_at, execution_name LIMIT $limit;",
                Read, cancellationToken, ("$status", WorkflowRun.Running), ("$limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task<WorkflowRun?> GetAsync(string executionName, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            async connection => (await Sql.ListAsync(
                connection, null, $"SELECT {Columns} FROM engine_workflow_runs WHERE execution_name = $n;",
                Read, cancellationToken, ("$n", executionName)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    /// <summary>Counts one more start of the run (before executing it).</summary>
    public Task MarkStartedAsync(string executionName, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection, transaction, "UPDATE engine_workflow_runs SET starts = starts + 1, updated_at = $t WHERE execution_name = $n;",
                cancellationToken, ("$t", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$n", executionName)),
            cancellationToken);

    /// <summary>Stores the outcome; the run is never picked up again.</summary>
    public Task CompleteAsync(string executionName, string status, string? error, string? cause, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection, transaction,
                "UPDATE engine_workflow_runs SET status = $s, error = $e, cause = $c, updated_at = $t WHERE execution_name = $n AND status = $running;",
                cancellationToken, ("$s", status), ("$e", error), ("$c", cause), ("$t", _time.GetUtcNow().ToUnixTimeMilliseconds()),
                ("$n", executionName), ("$running", WorkflowRun.Running)),
            cancellationToken);

    private static WorkflowRun Read(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), new TaskKey(r.GetString(1), r.GetString(2)), r.GetString(3), r.GetString(4), r.GetInt32(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)));
}
