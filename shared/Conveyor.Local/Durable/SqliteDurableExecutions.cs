using System.Globalization;
using System.Text.Json;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Durable;

/// <summary>
/// The durable execution service on SQLite. Every write loads the execution's record, applies the service's rules
/// (<see cref="DurableExecutionRules"/>) and stores the header and the operations it changed
/// (<see cref="DurableRecordStore"/>) inside a <c>BEGIN IMMEDIATE</c> transaction; writes asked for at the same time
/// share one transaction (<see cref="DurableWriteQueue"/>). A call returns after its commit,
/// so a process killed at any moment leaves each execution as of its last acknowledged checkpoint. Executions being invoked are
/// leased; <see cref="RecoverAsync"/> (at engine start) hands leased ones back for a new invocation, whose replay
/// skips every checkpointed step and fails an interrupted at-most-once step as the service would.
/// </summary>
/// <remarks>
/// <c>InvokeAsync</c> (a CHAINED_INVOKE) of a durable function this engine runs (<paramref name="functions"/>) starts a
/// child execution in the transaction that stores the checkpoint, named after the invoking operation so it starts once;
/// the child's end is written into the parent's operation in the transaction that stores that end. A function the
/// engine does not run fails the operation with <c>ResourceNotFoundException</c>.
/// </remarks>
public sealed class SqliteDurableExecutions : IDurableServiceClient, IDurableExecutionService
{
    /// <summary>What <see cref="ReadInfo"/> reads, from the header row <c>h</c> joined to the state row <c>s</c>.</summary>
    private const string Summary = $"SELECT {DurableExecutionRows.Columns}, h.task_id FROM {DurableExecutionRows.Joined}";
    private readonly LocalDatabase _database;
    private readonly TimeProvider _clock;
    private readonly DurableWorkflowCatalog? _functions;
    private readonly DurableRecordStore _store = new();
    private readonly DurableWriteQueue _writes;

    public SqliteDurableExecutions(LocalDatabase database, TimeProvider clock, DurableWorkflowCatalog? functions = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _functions = functions;
        _writes = new DurableWriteQueue(database, _store);
    }

    /// <summary>
    /// Raised after a write that gives the engine's invoker work, made by this process outside its invocations: a new
    /// execution, a callback's answer, a stop (whose tracking task is then told). The engine's durable loop waits on it
    /// (and on its poll interval, for timers and other processes' writes).
    /// </summary>
    public event EventHandler? ExecutionsDue;

    /// <summary>Write transactions this service has committed (several concurrent writes share one).</summary>
    public long WriteTransactions => _writes.Transactions;

    /// <summary>Batches of writes written a second time because another process had changed a record this one held in memory.</summary>
    public long RewrittenBatches => _writes.Rewritten;

    public const string Region = "local";
    public const string Account = "000000000000";

    /// <summary>The ARN of execution <paramref name="name"/> of <paramref name="functionName"/> (the service's shape: <c>…:function:F:$LATEST/durable-execution/name/id</c>).</summary>
    public static string ArnFor(string functionName, string name) =>
        $"arn:aws:lambda:{Region}:{Account}:function:{functionName}:$LATEST/durable-execution/{name}/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(functionName + "/" + name)))[..32]}";

    /// <summary>Starts an execution; the name is the idempotency key: starting it again returns the first one (Created = false).</summary>
    public Task<DurableExecutionStart> StartExecutionAsync(string functionName, string name, string? inputPayload, TimeSpan? executionTimeout, string? taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new DurableServiceException("InvalidParameterValueException", $"An execution name is 1 to 64 letters, digits, '-' or '_'; got '{name}'.", 400);
        }

        // The record and its rows' JSON are made before the write turn (which every writer waits for).
        var now = _clock.GetUtcNow();
        var arn = ArnFor(functionName, name);
        var start = new DurableNewExecution(() => DurableExecutionRules.Create(arn, name, functionName, inputPayload, now, executionTimeout), taskId);
        return SignalAfterAsync(_writes.RunAsync((connection, transaction) => InsertUnlessNamedAsync(connection, transaction, start, cancellationToken), cancellationToken), s => s.Created);
    }

    /// <summary>Stores <paramref name="start"/> unless an execution of its name exists: the name is the idempotency key of a start.</summary>
    private async Task<DurableExecutionStart> InsertUnlessNamedAsync(SqliteConnection connection, SqliteTransaction transaction, DurableNewExecution start, CancellationToken cancellationToken)
    {
        if (await _store.TryInsertAsync(connection, transaction, start, cancellationToken).ConfigureAwait(false))
        {
            return new DurableExecutionStart(start.Arn, true, start.TaskId);
        }

        var existing = await Sql.ListAsync(
            connection,
            transaction,
            "SELECT arn, task_id FROM durable_execution_headers WHERE name = $n;",
            r => new DurableExecutionStart(r.GetString(0), false, r.IsDBNull(1) ? null : r.GetString(1)),
            cancellationToken,
            ("$n", start.Name)).ConfigureAwait(false);
        return existing[0];
    }

    public Task<DurableExecutionStart> StartAsync(string functionName, string name, string? inputPayload, string? taskId, CancellationToken cancellationToken) =>
        StartExecutionAsync(functionName, name, inputPayload, null, taskId, cancellationToken);

    public async Task<DurableExecutionInfo?> DescribeAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var (name, arn) = DurableExecutionRows.Lookup(nameOrArn);
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(connection, null, $"{Summary} WHERE {DurableExecutionRows.Match};", ReadInfo, cancellationToken, ("$n", name), ("$a", arn)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<DurableExecutionInfo>> ListAsync(string? taskIdPrefix, string? status, int limit, CancellationToken cancellationToken) =>
        await _database.ReadAsync(
            connection => Sql.ListAsync(
                connection,
                null,
                $"{Summary} WHERE ($p IS NULL OR substr(h.task_id, 1, length($p)) = $p) AND ($s IS NULL OR s.status = $s) ORDER BY h.started_at DESC, h.name LIMIT $l;",
                ReadInfo,
                cancellationToken,
                ("$p", taskIdPrefix),
                ("$s", status),
                ("$l", limit)),
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A callback id here names its execution and operation (<see cref="DurableExecutionRules.NewCallbackId"/>), so no
    /// search is needed: one statement reads that execution's summary when one of its operations is a CALLBACK with that
    /// id (the JSON of its operation rows is matched in SQLite; none is parsed here, the history is not read).
    /// </summary>
    public async Task<DurableExecutionInfo?> FindByCallbackAsync(string callbackId, string? taskIdPrefix, CancellationToken cancellationToken)
    {
        if (DurableExecutionRules.ParseCallbackId(callbackId) is not { } parsed)
        {
            return null;
        }

        var (name, arn) = DurableExecutionRows.Lookup(parsed.Arn);
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(
                connection,
                null,
                $"{Summary} WHERE {DurableExecutionRows.Match} AND EXISTS (SELECT 1 FROM durable_operation_log o WHERE o.execution = h.key AND json_extract(o.operation, '$.Id') = $o AND json_extract(o.operation, '$.Type') = 'CALLBACK' AND json_extract(o.operation, '$.CallbackDetails.CallbackId') = $c);",
                ReadInfo,
                cancellationToken,
                ("$n", name),
                ("$a", arn),
                ("$o", parsed.OperationId),
                ("$c", callbackId)),
            cancellationToken).ConfigureAwait(false);
        var info = rows.Count == 0 ? null : rows[0];
        return info is not null && (taskIdPrefix is null || (info.TaskId?.StartsWith(taskIdPrefix, StringComparison.Ordinal) ?? false)) ? info : null;
    }

    public async Task<IReadOnlyList<Operation>?> HistoryAsync(string nameOrArn, CancellationToken cancellationToken) =>
        (await GetAsync(nameOrArn, cancellationToken).ConfigureAwait(false))?.Operations;

    public Task SendCallbackSuccessAsync(string callbackId, string? result, CancellationToken cancellationToken) =>
        CompleteCallbackAsync(callbackId, true, result, null, cancellationToken);

    public Task SendCallbackFailureAsync(string callbackId, ErrorObject error, CancellationToken cancellationToken) =>
        CompleteCallbackAsync(callbackId, false, null, error, cancellationToken);

    public Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken) => HeartbeatAsync(callbackId, cancellationToken);

    async Task IDurableExecutionService.StopAsync(string nameOrArn, ErrorObject? error, CancellationToken cancellationToken)
    {
        var info = await DescribeAsync(nameOrArn, cancellationToken).ConfigureAwait(false) ?? throw NotFound(nameOrArn);
        await StopAsync(info.Execution.DurableExecutionArn, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ended executions whose tracking task has not yet been told (at most <paramref name="max"/>).</summary>
    public Task<List<DurableExecutionInfo>> ListUnsyncedTasksAsync(int max, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            connection => Sql.ListAsync(
                connection,
                null,
                $"{Summary} WHERE s.task_synced = 0 AND s.status <> 'RUNNING' LIMIT $m;",
                ReadInfo,
                cancellationToken,
                ("$m", max)),
            cancellationToken);

    /// <summary>Records that the tracking task of <paramref name="arn"/> now shows how the execution ended.</summary>
    public Task MarkTaskSyncedAsync(string arn, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(connection, transaction, $"UPDATE durable_execution_states SET task_synced = 1 WHERE key = (SELECT key FROM durable_execution_headers h WHERE {DurableExecutionRows.Match});", cancellationToken, ("$n", DurableExecutionRows.Lookup(arn).Name), ("$a", arn)),
            cancellationToken);

    /// <summary><c>GetDurableExecution</c>'s shape of a record.</summary>
    public static DurableExecutionDescription Describe(DurableExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DurableExecutionDescription
        {
            DurableExecutionArn = record.Arn,
            DurableExecutionName = record.Name,
            FunctionArn = $"arn:aws:lambda:{Region}:{Account}:function:{record.FunctionName}:$LATEST",
            Status = record.Status,
            InputPayload = record.InputPayload,
            Result = record.Result,
            Error = record.Error,
            StartTimestamp = record.StartedAt,
            EndTimestamp = record.EndedAt,
            Version = "$LATEST",
        };
    }

    private static DurableExecutionInfo ReadInfo(SqliteDataReader row) =>
        new(Describe(DurableExecutionRows.Read(row)), row.IsDBNull(6) ? null : row.GetString(6));

    public Task<CheckpointResponse> CheckpointAsync(string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken) =>
        UpdateAsync(durableExecutionArn, record => DurableExecutionRules.Checkpoint(record, checkpointToken, updates, _clock.GetUtcNow()), cancellationToken);

    public async Task<ExecutionStatePage> GetStateAsync(string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var record = await GetAsync(durableExecutionArn, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(durableExecutionArn);
        return DurableExecutionRules.GetState(record, checkpointToken, marker, maxItems);
    }

    /// <summary>Hands every execution leased by a process that died back for invocation. Call once at start, before invoking.</summary>
    /// <remarks>The version is bumped, so any process holding one of these records in memory reads it again.</remarks>
    public Task<int> RecoverAsync(CancellationToken cancellationToken) =>
        _writes.RunAsync(
            (connection, transaction) =>
            {
                _store.Forget();
                return Sql.ExecuteAsync(
                    connection, transaction, "UPDATE durable_execution_states SET leased = 0, needs_invocation = 1, version = version + 1 WHERE leased = 1 AND status = 'RUNNING';", cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// Up to <c>{0}</c> executions the loop may claim, oldest write first: those to invoke now (their partial index is in
    /// that order) and those whose next deadline has passed (taken by deadline from theirs); only the ones taken are joined
    /// to their header for the ARN. The limit is written into the text (<see cref="ClaimableSql"/>), not bound: SQLite
    /// plans with a bound LIMIT's value, so a statement whose LIMIT parameter is bound again (as every execution of a
    /// kept command does) is prepared again on every run.
    /// </summary>
    private const string ClaimableSqlFormat = """
        SELECT h.arn FROM (
            SELECT key, updated_at FROM (SELECT key, updated_at FROM durable_execution_states WHERE status = 'RUNNING' AND leased = 0 AND needs_invocation = 1 ORDER BY updated_at LIMIT {0})
            UNION ALL
            SELECT key, updated_at FROM (SELECT key, updated_at FROM durable_execution_states WHERE status = 'RUNNING' AND leased = 0 AND needs_invocation = 0 AND next_due IS NOT NULL AND next_due <= $now ORDER BY next_due LIMIT {0})
            ORDER BY updated_at LIMIT {0}) d
        JOIN durable_execution_headers h ON h.key = d.key ORDER BY d.updated_at;
        """;

    private static readonly System.Text.CompositeFormat ClaimableSqlComposite = System.Text.CompositeFormat.Parse(ClaimableSqlFormat);

    /// <summary>The claim statement for at most <paramref name="max"/> executions (an integer in the text, see <see cref="ClaimableSqlFormat"/>).</summary>
    private static string ClaimableSql(int max) =>
        string.Format(CultureInfo.InvariantCulture, ClaimableSqlComposite, max);

    /// <summary>Fires what is due and leases up to <paramref name="max"/> executions that must be invoked now, each with a fresh envelope.</summary>
    public Task<IReadOnlyList<DurableInvocationClaim>> ClaimDueAsync(int max, CancellationToken cancellationToken) =>
        _writes.RunAsync<IReadOnlyList<DurableInvocationClaim>>(async (connection, transaction) =>
        {
            var now = _clock.GetUtcNow();
            var arns = await Sql.ListAsync(
                connection,
                transaction,
                ClaimableSql(max),
                r => r.GetString(0),
                cancellationToken,
                ("$now", Instant(now))).ConfigureAwait(false);
            var claims = new List<DurableInvocationClaim>();
            foreach (var arn in arns)
            {
                // The load ORs in needs_invocation (the column RecoverAsync sets).
                var (record, _) = (await _store.LoadAsync(connection, transaction, arn, cancellationToken).ConfigureAwait(false))!.Value;
                DurableExecutionRules.Advance(record, now);
                await StartChainedInvokesAsync(connection, transaction, record, now, cancellationToken).ConfigureAwait(false);
                DurableInvocationClaim? claim = null;
                if (record.InvocationNeeded && record.Status == ExecutionStatuses.Running)
                {
                    claim = new DurableInvocationClaim(record.Arn, record.FunctionName, DurableExecutionRules.BeginInvocation(record));
                    claims.Add(claim);
                }

                await SaveAndAnswerParentAsync(connection, transaction, record, leased: claim is not null, now, cancellationToken).ConfigureAwait(false);
            }

            return claims;
        }, cancellationToken);

    /// <summary>Applies the function's answer and releases the lease.</summary>
    public Task CompleteInvocationAsync(string arn, DurableInvocationOutput output, CancellationToken cancellationToken) =>
        UpdateAsync(arn, record =>
        {
            DurableExecutionRules.ApplyInvocationResult(record, output, _clock.GetUtcNow());
            return true;
        }, cancellationToken, release: true);

    /// <summary>The invocation failed (threw): release the lease and invoke again after a growing delay, as Lambda retries a failed invocation.</summary>
    public Task FailInvocationAsync(string arn, CancellationToken cancellationToken) =>
        UpdateAsync(arn, record =>
        {
            DurableExecutionRules.FailInvocation(record, _clock.GetUtcNow());
            return true;
        }, cancellationToken, release: true);

    public Task CompleteCallbackAsync(string callbackId, bool succeeded, string? result, ErrorObject? error, CancellationToken cancellationToken) =>
        SignalAfterAsync(UpdateAsync(ArnOfCallback(callbackId), record =>
        {
            DurableExecutionRules.CompleteCallback(record, callbackId, succeeded, result, error, _clock.GetUtcNow());
            return true;
        }, cancellationToken), _ => true);

    public Task HeartbeatAsync(string callbackId, CancellationToken cancellationToken) =>
        UpdateAsync(ArnOfCallback(callbackId), record =>
        {
            DurableExecutionRules.Heartbeat(record, callbackId, _clock.GetUtcNow());
            return true;
        }, cancellationToken);

    public Task StopAsync(string arn, ErrorObject? error, CancellationToken cancellationToken) =>
        SignalAfterAsync(UpdateAsync(arn, record =>
        {
            DurableExecutionRules.Stop(record, error, _clock.GetUtcNow());
            return true;
        }, cancellationToken), _ => true);

    /// <summary>The execution by ARN or by name; null when there is none.</summary>
    public Task<DurableExecutionRecord?> GetAsync(string arnOrName, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection => DurableRecordStore.ReadAsync(connection, arnOrName, cancellationToken), cancellationToken);

    /// <summary>Executions by status (for tests and the status page).</summary>
    public Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(async connection =>
        {
            var rows = await Sql.ListAsync(connection, null, "SELECT status, COUNT(*) FROM durable_execution_states GROUP BY status;", r => (r.GetString(0), r.GetInt32(1)), cancellationToken).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>Starts a child execution for each CHAINED_INVOKE the last checkpoint asked for (once: the child's name is the operation's).</summary>
    private async Task StartChainedInvokesAsync(SqliteConnection connection, SqliteTransaction transaction, DurableExecutionRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var invoke in record.PendingInvokes)
        {
            if (_functions?.FindByFunction(invoke.FunctionName) is null)
            {
                DurableExecutionRules.CompleteChainedInvoke(record, invoke.OperationId, false, null, new ErrorObject
                {
                    ErrorType = "ResourceNotFoundException",
                    ErrorMessage = $"No durable function '{invoke.FunctionName}' runs on this engine; InvokeAsync can call: {(_functions is null ? "(none)" : string.Join(", ", _functions.All.Select(f => f.FunctionName).Order(StringComparer.Ordinal)))}.",
                }, now);
                continue;
            }

            var name = ChildName(record.Arn, invoke.OperationId);
            var arn = ArnFor(invoke.FunctionName, name);
            var (parentArn, operationId, functionName, payload) = (record.Arn, invoke.OperationId, invoke.FunctionName, invoke.Payload);
            var child = new DurableNewExecution(
                () =>
                {
                    var created = DurableExecutionRules.Create(arn, name, functionName, payload, now, null);
                    created.ParentArn = parentArn;
                    created.ParentOperationId = operationId;
                    return created;
                },
                taskId: null);
            await InsertUnlessNamedAsync(connection, transaction, child, cancellationToken).ConfigureAwait(false);
        }

        record.PendingInvokes.Clear();
    }

    /// <summary>The name of the child execution a CHAINED_INVOKE starts: deterministic, so a repeated start finds it.</summary>
    public static string ChildName(string parentArn, string operationId) =>
        "invoke-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(parentArn + "/" + operationId)))[..40];

    /// <summary>Stores <paramref name="record"/>; an ended child also answers its parent's CHAINED_INVOKE, in the same transaction.</summary>
    private async Task SaveAndAnswerParentAsync(
        SqliteConnection connection, SqliteTransaction transaction, DurableExecutionRecord record, bool leased, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.ParentArn is { } parentArn && record.ParentOperationId is { } operationId && !record.ParentAnswered && ExecutionStatuses.IsTerminal(record.Status))
        {
            if (await _store.LoadAsync(connection, transaction, parentArn, cancellationToken).ConfigureAwait(false) is { } loaded)
            {
                var (parent, parentLeased) = loaded;
                var succeeded = record.Status == ExecutionStatuses.Succeeded;
                DurableExecutionRules.CompleteChainedInvoke(
                    parent, operationId, succeeded, record.Result,
                    succeeded ? null : record.Error ?? new ErrorObject { ErrorType = record.Status, ErrorMessage = $"The invoked execution ended {record.Status}." },
                    now);
                await _store.SaveAsync(connection, transaction, parent, parentLeased, now, cancellationToken).ConfigureAwait(false);
            }

            record.ParentAnswered = true;
        }

        await _store.SaveAsync(connection, transaction, record, leased, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> UpdateAsync<T>(string arn, Func<DurableExecutionRecord, T> change, CancellationToken cancellationToken, bool release = false) =>
        await _writes.RunAsync(async (connection, transaction) =>
        {
            var (record, wasLeased) = await _store.LoadAsync(connection, transaction, arn, cancellationToken).ConfigureAwait(false) ?? throw NotFound(arn);
            var leased = !release && wasLeased;
            var result = change(record);
            var now = _clock.GetUtcNow();
            await StartChainedInvokesAsync(connection, transaction, record, now, cancellationToken).ConfigureAwait(false);
            await SaveAndAnswerParentAsync(connection, transaction, record, leased, now, cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary><paramref name="write"/>'s result, once <see cref="ExecutionsDue"/> was raised when <paramref name="due"/> says it gave the invoker work.</summary>
    private async Task<T> SignalAfterAsync<T>(Task<T> write, Func<T, bool> due)
    {
        var result = await write.ConfigureAwait(false);
        if (due(result))
        {
            ExecutionsDue?.Invoke(this, EventArgs.Empty);
        }

        return result;
    }

    private static string ArnOfCallback(string callbackId) =>
        DurableExecutionRules.ParseCallbackId(callbackId)?.Arn
        ?? throw new DurableServiceException("ResourceNotFoundException", $"No callback {callbackId}.", 404);

    private static DurableServiceException NotFound(string arn) => new("ResourceNotFoundException", $"No durable execution {arn}.", 404);

    private static string Instant(DateTimeOffset value) => DurableRecordStore.Instant(value);
}
