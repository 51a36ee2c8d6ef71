using System.Globalization;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Durable;

/// <summary>
/// Reads and writes durable execution records inside the service's write transactions: what the start fixes in
/// <c>durable_execution_headers</c> (written once), what writes change in a small <c>durable_execution_states</c> row
/// (<see cref="DurableExecutionRows"/>), and one row per operation in <c>durable_operation_log</c>, all under the
/// execution's integer key (operations by their position; they are only ever appended, and the log's rows are in the
/// order they were created, so concurrent executions' new operations share its last page). A write rewrites the state
/// row and only the operations it changed.
/// </summary>
/// <remarks>
/// It keeps the records it last loaded or wrote, with the row's <c>version</c> (bumped by every write of the record) and
/// the columns the engine selects on as it stored them. A record held in memory is used without reading its row: the
/// write's <c>UPDATE</c> names the version it expects (<c>WHERE key = … AND version = …</c>), and when another process
/// wrote the row meanwhile it changes no row and <see cref="StaleRecordException"/> ends the transaction; the
/// <see cref="DurableWriteQueue"/> then forgets every record and writes the batch again, reading each record in the
/// transaction. A write the service refuses on a record held in memory is checked the same way
/// (<see cref="ThrowIfServedStaleAsync"/>), so a refusal is never based on an outdated record. Operations that ended (a
/// terminal status) never change again under the service's rules, so only the ones still open and the new ones are
/// compared with what was stored (the EXECUTION operation's row never changes either). The operation rows a transaction's
/// writes change are written together before it reads the operation log or commits (<see cref="FlushOperationsAsync"/>).
/// Only the queue's transactions use it, one at a time; the queue calls <see cref="Forget"/> whenever a write was refused
/// or rolled back, and <see cref="BeginTransaction"/> before each transaction.
/// </remarks>
internal sealed class DurableRecordStore
{
    private const int MaxKept = 4096;

    /// <summary>At most this many operation rows are written by one statement (3 parameters each).</summary>
    private const int MaxRowsPerStatement = 32;

    /// <summary>The parameter names of row i of <see cref="UpsertOperations"/>.</summary>
    private static readonly (string Key, string Position, string Json)[] RowParameters =
        [.. Enumerable.Range(0, MaxRowsPerStatement).Select(i => ($"$k{i}", $"$p{i}", $"$o{i}"))];

    /// <summary>
    /// By count - 1: the statement writing that many operation rows at their positions (new ones, or open ones that
    /// changed); rows are written in order, so a row given twice keeps the later JSON.
    /// </summary>
    private static readonly string[] UpsertOperations =
        [.. Enumerable.Range(1, MaxRowsPerStatement).Select(count =>
            "INSERT INTO durable_operation_log (execution, position, operation) VALUES "
            + string.Join(", ", RowParameters.Take(count).Select(p => $"({p.Key}, {p.Position}, {p.Json})"))
            + " ON CONFLICT (execution, position) DO UPDATE SET operation = excluded.operation;")];
    private readonly Dictionary<string, Kept> _kept = new(StringComparer.Ordinal);
    private readonly List<Kept> _served = [];

    /// <summary>
    /// Operation rows the writes of the current transaction changed, written together by <see cref="FlushOperationsAsync"/>
    /// (one statement for a transaction's operations instead of one per operation) before the transaction reads the
    /// operation log or commits.
    /// </summary>
    private readonly List<(long Key, int Position, string Json)> _pendingOperations = [];

    /// <summary>Drops every record held in memory (after a refusal or a rollback, they may not match the file).</summary>
    public void Forget() => _kept.Clear();

    /// <summary>Before a transaction (or a second attempt at one): no operation row is waiting to be written.</summary>
    public void BeginTransaction() => _pendingOperations.Clear();

    /// <summary>
    /// Writes the operation rows the transaction's writes changed, in the order they changed them (a row changed twice
    /// takes its last JSON), up to <see cref="MaxRowsPerStatement"/> per statement. Called before the transaction reads
    /// the operation log and before it commits.
    /// </summary>
    public async Task FlushOperationsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        for (var start = 0; start < _pendingOperations.Count; start += MaxRowsPerStatement)
        {
            var count = Math.Min(MaxRowsPerStatement, _pendingOperations.Count - start);
            var parameters = new (string Name, object? Value)[count * 3];
            for (var i = 0; i < count; i++)
            {
                var (key, position, json) = _pendingOperations[start + i];
                parameters[3 * i] = (RowParameters[i].Key, key);
                parameters[(3 * i) + 1] = (RowParameters[i].Position, position);
                parameters[(3 * i) + 2] = (RowParameters[i].Json, json);
            }

            await Sql.ExecuteAsync(connection, transaction, UpsertOperations[count - 1], cancellationToken, parameters).ConfigureAwait(false);
        }

        _pendingOperations.Clear();
    }

    /// <summary>Before a transaction: drops the records held when there are too many (never during one, so a write's own records stay).</summary>
    public void TrimIfFull()
    {
        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }
    }

    /// <summary>Before each write: forgets which records held in memory the previous write was given.</summary>
    public void BeginWrite() => _served.Clear();

    /// <summary>
    /// The execution's record and whether an invocation holds its lease; null when there is none. A record held in
    /// memory is returned without reading its row (its save checks the version); another is read in the transaction.
    /// </summary>
    public async Task<(DurableExecutionRecord Record, bool Leased)?> LoadAsync(SqliteConnection connection, SqliteTransaction transaction, string arn, CancellationToken cancellationToken)
    {
        if (_kept.TryGetValue(arn, out var kept))
        {
            _served.Add(kept);
            return (kept.Record, kept.Stored.Leased);
        }

        // Two statements the write connection keeps prepared (Sql); the transaction makes them consistent.
        var rows = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT {DurableExecutionRows.Columns}, h.key, s.version, s.leased, s.needs_invocation, s.next_due FROM {DurableExecutionRows.Joined} WHERE {DurableExecutionRows.Match};",
            r => (Record: DurableExecutionRows.Read(r), Key: r.GetInt64(6), Version: r.GetInt64(7), Columns: new DueColumns(r.GetString(4), r.IsDBNull(10) ? null : r.GetString(10), r.GetInt64(9) == 1, r.GetInt64(8) == 1)),
            cancellationToken,
            ("$n", DurableExecutionRows.Lookup(arn).Name),
            ("$a", arn)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var (record, key, version, columns) = rows[0];
        await FlushOperationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var rowsRead = await Sql.ListAsync(
            connection, transaction, "SELECT position, operation FROM durable_operation_log WHERE execution = $k ORDER BY position;", r => (Position: r.GetInt64(0), Json: r.GetString(1)), cancellationToken, ("$k", key)).ConfigureAwait(false);
        var stored = new List<string>(rowsRead.Count + 1);
        if (rowsRead.Count == 0 || rowsRead[0].Position != 0)
        {
            // Not stored (see TryInsertAsync): its JSON is never compared (it never changes), an empty one stands for it.
            record.Operations.Add(StartedExecutionOperation(record));
            stored.Add(string.Empty);
        }

        foreach (var (_, json) in rowsRead)
        {
            record.Operations.Add(ParseOperation(json));
            stored.Add(json);
        }

        EndExecutionOperation(record);

        // RecoverAsync marks an interrupted execution in the column only.
        record.InvocationNeeded |= columns.NeedsInvocation;
        Keep(record, key, version, columns, stored);
        return (record, columns.Leased);
    }

    /// <summary>
    /// After a write the service refused: when a record it was given from memory is no longer the row's version (another
    /// process wrote it), throws <see cref="StaleRecordException"/> so the batch is written again from the file.
    /// </summary>
    public async Task ThrowIfServedStaleAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var kept in _served)
        {
            var version = await Sql.ScalarAsync(connection, transaction, "SELECT version FROM durable_execution_states WHERE key = $k;", cancellationToken, ("$k", kept.Key)).ConfigureAwait(false);
            if (version is null || Convert.ToInt64(version, CultureInfo.InvariantCulture) != kept.Version)
            {
                throw new StaleRecordException(kept.Record.Arn);
            }
        }
    }

    /// <summary>A record as stored, with its operations, outside the write path (by ARN or name); null when there is none.</summary>
    public static async Task<DurableExecutionRecord?> ReadAsync(SqliteConnection connection, string arnOrName, CancellationToken cancellationToken)
    {
        // One statement, so the header and the operations are read from the same snapshot outside a transaction.
        DurableExecutionRecord? record = null;
        var lookup = DurableExecutionRows.Lookup(arnOrName);
        await using var command = Sql.Command(
            connection,
            null,
            $"SELECT {DurableExecutionRows.Columns}, o.operation, o.position FROM {DurableExecutionRows.Joined} LEFT JOIN durable_operation_log o ON o.execution = h.key WHERE {DurableExecutionRows.Match} ORDER BY o.position;",
            ("$n", lookup.Name),
            ("$a", lookup.Arn));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record is null)
            {
                record = DurableExecutionRows.Read(reader);
                if (reader.IsDBNull(7) || reader.GetInt64(7) != 0)
                {
                    // Not stored (see TryInsertAsync).
                    record.Operations.Add(StartedExecutionOperation(record));
                }
            }

            if (!reader.IsDBNull(6))
            {
                record.Operations.Add(ParseOperation(reader.GetString(6)));
            }
        }

        if (record is not null)
        {
            EndExecutionOperation(record);
        }

        return record;
    }

    /// <summary>
    /// Stores a new execution unless one of its name exists (the name is the idempotency key of a start): its header and
    /// state rows, from the JSON serialized before the transaction; false (nothing written) when the name is taken. One
    /// statement checks the name, gives the key and writes the header: the key is the header row's rowid, one more than
    /// the largest key (rows are never deleted, so no key is given twice; migrated executions' keys are negative). The
    /// EXECUTION operation the execution starts with is not written to the operation log: it follows from the header
    /// (<see cref="DurableExecutionRules.ExecutionOperation"/>) and its end from the state row, so a start writes two
    /// rows instead of three, and neither the log nor its index; a record read from the file whose log has no row at
    /// position 0 is given it back (executions started before keep theirs, which is read as it is).
    /// </summary>
    public async Task<bool> TryInsertAsync(SqliteConnection connection, SqliteTransaction transaction, DurableNewExecution start, CancellationToken cancellationToken)
    {
        var inserted = await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO durable_execution_headers (arn, name, function_name, started_at, task_id, header) VALUES ($a, $n, $f, $t, $k, $h) ON CONFLICT (name) DO NOTHING;",
            cancellationToken,
            ("$a", start.Arn),
            ("$n", start.Name),
            ("$f", start.FunctionName),
            ("$t", start.StartedAt),
            ("$k", start.TaskId),
            ("$h", start.Header)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        // The key is the header row's rowid (INTEGER PRIMARY KEY), which SQLite keeps as the connection's last insert.
        var key = SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);
        await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO durable_execution_states (key, status, next_due, needs_invocation, leased, updated_at, task_synced, version, state) VALUES ($o, $s, NULL, 1, 0, $t, $y, 1, $r);",
            cancellationToken,
            ("$o", key),
            ("$s", start.Status),
            ("$t", start.StartedAt),
            ("$y", start.TaskId is null ? 1 : 0),
            ("$r", start.State)).ConfigureAwait(false);
        var record = start.NewRecord();
        Keep(record, key, 1, new DueColumns(record.Status, null, true, false), [string.Empty]);
        return true;
    }

    /// <summary>
    /// Stores a record loaded by <see cref="LoadAsync"/> (or inserted) in this transaction: its state row, on the condition
    /// that the row is still at the version the record was loaded or written at (<see cref="StaleRecordException"/>
    /// otherwise), then queues the operations that changed (<see cref="FlushOperationsAsync"/>). The columns the engine's index covers are written only when they changed.
    /// </summary>
    public async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, DurableExecutionRecord record, bool leased, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_kept.TryGetValue(record.Arn, out var kept) || !ReferenceEquals(kept.Record, record))
        {
            // Every record a write saves was loaded or inserted by it, and nothing is forgotten during a write but by a refusal, which ends it.
            throw new InvalidOperationException($"The durable execution {record.Arn} is saved without having been loaded in this transaction.");
        }

        var next = DurableExecutionRules.NextDue(record);
        var columns = new DueColumns(record.Status, next is null ? null : Instant(next.Value), record.InvocationNeeded, leased);
        var state = DurableExecutionRows.State(record);
        var changed = columns == kept.Stored
            ? await Sql.ExecuteAsync(
                connection,
                transaction,
                "UPDATE durable_execution_states SET state = $r, updated_at = $t, version = $v + 1 WHERE key = $k AND version = $v;",
                cancellationToken,
                ("$k", kept.Key),
                ("$v", kept.Version),
                ("$r", state),
                ("$t", Instant(now))).ConfigureAwait(false)
            : await Sql.ExecuteAsync(
                connection,
                transaction,
                "UPDATE durable_execution_states SET status = $s, state = $r, next_due = $d, needs_invocation = $i, leased = $l, updated_at = $t, version = $v + 1 WHERE key = $k AND version = $v;",
                cancellationToken,
                ("$k", kept.Key),
                ("$v", kept.Version),
                ("$s", columns.Status),
                ("$r", state),
                ("$d", columns.NextDue),
                ("$i", columns.NeedsInvocation ? 1 : 0),
                ("$l", columns.Leased ? 1 : 0),
                ("$t", Instant(now))).ConfigureAwait(false);
        if (changed != 1)
        {
            throw new StaleRecordException(record.Arn);
        }

        kept.Version++;
        kept.Stored = columns;
        QueueOperations(kept);
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            // An ended execution is written again only to answer its parent or its task: read it afresh then.
            _kept.Remove(record.Arn);
        }
    }

    /// <summary>
    /// An instant as the rows store it: UTC, to the millisecond, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (fixed width, so the text
    /// sorts as the time does). Written digit by digit: every write of a record formats its time in the write turn.
    /// </summary>
    public static string Instant(DateTimeOffset value) =>
        string.Create(24, value.UtcDateTime, static (text, time) =>
        {
            Digits(text[..4], time.Year);
            text[4] = '-';
            Digits(text.Slice(5, 2), time.Month);
            text[7] = '-';
            Digits(text.Slice(8, 2), time.Day);
            text[10] = 'T';
            Digits(text.Slice(11, 2), time.Hour);
            text[13] = ':';
            Digits(text.Slice(14, 2), time.Minute);
            text[16] = ':';
            Digits(text.Slice(17, 2), time.Second);
            text[19] = '.';
            Digits(text.Slice(20, 3), time.Millisecond);
            text[23] = 'Z';
        });

    /// <summary>Writes <paramref name="value"/> (not negative) as exactly <paramref name="text"/>'s length of decimal digits, zero-padded.</summary>
    private static void Digits(Span<char> text, int value)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static Operation ParseOperation(string json) => JsonSerializer.Deserialize(json, DurableServiceJsonContext.Default.Operation)!;

    /// <summary>
    /// An operation's row. The EXECUTION operation's row keeps it as the start wrote it: its end is the execution's
    /// (status and time, <see cref="DurableExecutionRules.ExecutionOperationStatus"/>), which the state row holds, so the
    /// end of an execution does not rewrite its first row, far back in the log (<see cref="EndExecutionOperation"/>).
    /// </summary>
    private static string StoredJson(Operation operation)
    {
        if (operation.Type == OperationTypes.Execution && OperationStatuses.IsTerminal(operation.Status))
        {
            operation = operation.Clone();
            operation.Status = OperationStatuses.Started;
            operation.EndTimestamp = null;
        }

        return StoredOperationJson.Serialize(operation);
    }

    /// <summary>
    /// Whether the operation's row, once stored, never changes: an operation that ended (a terminal status never changes
    /// under the service's rules), or the EXECUTION operation, whose row keeps it as the start wrote it
    /// (<see cref="StoredJson"/>). Such an operation is not serialized again to compare it on later writes.
    /// </summary>
    private static bool Settled(Operation operation) => operation.Type == OperationTypes.Execution || OperationStatuses.IsTerminal(operation.Status);

    /// <summary>The EXECUTION operation of <paramref name="record"/> as its start made it (see <see cref="TryInsertAsync"/>).</summary>
    private static Operation StartedExecutionOperation(DurableExecutionRecord record) =>
        DurableExecutionRules.ExecutionOperation(record.Arn, record.Name, record.InputPayload, record.StartedAt);

    /// <summary>Gives the EXECUTION operation of an ended execution read from its rows its end (see <see cref="StoredJson"/>).</summary>
    private static void EndExecutionOperation(DurableExecutionRecord record)
    {
        if (ExecutionStatuses.IsTerminal(record.Status) && record.Operations.Find(o => o.Type == OperationTypes.Execution) is { } execution)
        {
            execution.Status = DurableExecutionRules.ExecutionOperationStatus(record.Status);
            execution.EndTimestamp = record.EndedAt;
        }
    }

    private Kept Keep(DurableExecutionRecord record, long key, long version, DueColumns columns, List<string> stored)
    {
        var kept = new Kept(record, key) { Version = version, Stored = columns, StoredCount = stored.Count };
        for (var position = 0; position < stored.Count; position++)
        {
            if (!Settled(record.Operations[position]))
            {
                kept.Open[position] = stored[position];
            }
        }

        _kept[record.Arn] = kept;
        return kept;
    }

    /// <summary>
    /// Queues the operations that are new or changed since they were stored (only open ones can change) for
    /// <see cref="FlushOperationsAsync"/>, and counts them as stored.
    /// </summary>
    private void QueueOperations(Kept kept)
    {
        var operations = kept.Record.Operations;
        foreach (var position in kept.Open.Keys.Where(p => p < kept.StoredCount).Concat(Enumerable.Range(kept.StoredCount, operations.Count - kept.StoredCount)).ToList())
        {
            var operation = operations[position];
            var json = StoredJson(operation);
            if (!kept.Open.TryGetValue(position, out var stored) || !string.Equals(stored, json, StringComparison.Ordinal))
            {
                _pendingOperations.Add((kept.Key, position, json));
            }

            if (Settled(operation))
            {
                kept.Open.Remove(position);
            }
            else
            {
                kept.Open[position] = json;
            }
        }

        kept.StoredCount = operations.Count;
    }

    /// <summary>The columns of an execution's row the engine selects on (its index), as stored.</summary>
    private readonly record struct DueColumns(string Status, string? NextDue, bool NeedsInvocation, bool Leased);

    /// <summary>A record as this store last saw it stored: its key in the operation log, its row version and selected-on columns, how many operations are stored, the stored JSON of each open one.</summary>
    private sealed class Kept(DurableExecutionRecord record, long key)
    {
        public DurableExecutionRecord Record { get; } = record;

        public long Key { get; } = key;

        public long Version { get; set; }

        public DueColumns Stored { get; set; }

        public int StoredCount { get; set; }

        public Dictionary<int, string> Open { get; } = [];
    }
}
