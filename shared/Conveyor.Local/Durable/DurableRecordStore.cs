using System.Globalization;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Durable;

/// <summary>
/// Reads and writes durable execution records inside the service's write transactions: the record's header (everything
/// but its operations) in <c>durable_executions.record</c>, and one row per operation in <c>durable_operations</c>, keyed
/// by its position (operations are only ever appended). A write rewrites the header and only the operations it changed.
/// </summary>
/// <remarks>
/// It keeps the records it last loaded or wrote, with the row's <c>version</c> (bumped by every write of the record), so
/// a transaction that finds the row at that version reuses the record instead of reading and parsing its operations
/// again; another process's write bumps the version and the record is read afresh. Operations that ended (a terminal
/// status) never change again under the service's rules, so only the ones still open and the new ones are compared
/// with what was stored. Only the <see cref="DurableWriteQueue"/>'s transactions use it, one at a time; the queue calls
/// <see cref="Forget"/> whenever a write was rolled back.
/// </remarks>
internal sealed class DurableRecordStore
{
    private const int MaxKept = 4096;
    private readonly Dictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>Drops every record held in memory (after a rollback, they may not match the file).</summary>
    public void Forget() => _kept.Clear();

    /// <summary>The execution's record and whether an invocation holds its lease; null when there is none.</summary>
    public async Task<(DurableExecutionRecord Record, bool Leased)?> LoadAsync(SqliteConnection connection, SqliteTransaction transaction, string arn, CancellationToken cancellationToken)
    {
        var rows = await Sql.ListAsync(
            connection, transaction, "SELECT version, leased, needs_invocation FROM durable_executions WHERE arn = $a;",
            r => (Version: r.GetInt64(0), Leased: r.GetInt64(1) == 1, Needed: r.GetInt64(2) == 1), cancellationToken, ("$a", arn)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var (version, leased, needed) = rows[0];
        if (!_kept.TryGetValue(arn, out var kept) || kept.Version != version)
        {
            // Two statements the write connection keeps prepared (Sql); the transaction makes them consistent.
            var record = ParseHeader((string)(await Sql.ScalarAsync(connection, transaction, "SELECT record FROM durable_executions WHERE arn = $a;", cancellationToken, ("$a", arn)).ConfigureAwait(false))!);
            var stored = await Sql.ListAsync(
                connection, transaction, "SELECT operation FROM durable_operations WHERE arn = $a ORDER BY position;", r => r.GetString(0), cancellationToken, ("$a", arn)).ConfigureAwait(false);
            record.Operations.AddRange(stored.Select(ParseOperation));
            kept = Keep(record, version, stored);
        }

        // RecoverAsync marks an interrupted execution in the column only.
        kept.Record.InvocationNeeded |= needed;
        return (kept.Record, leased);
    }

    /// <summary>A record as stored, with its operations, outside the write path (by ARN or name); null when there is none.</summary>
    public static async Task<DurableExecutionRecord?> ReadAsync(SqliteConnection connection, string arnOrName, CancellationToken cancellationToken)
    {
        // One statement, so the header and the operations are read from the same snapshot outside a transaction.
        DurableExecutionRecord? record = null;
        await using var command = Sql.Command(
            connection,
            null,
            "SELECT e.record, o.operation FROM durable_executions e LEFT JOIN durable_operations o ON o.arn = e.arn WHERE e.arn = $k OR e.name = $k ORDER BY o.position;",
            ("$k", arnOrName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            record ??= ParseHeader(reader.GetString(0));
            if (!reader.IsDBNull(1))
            {
                record.Operations.Add(ParseOperation(reader.GetString(1)));
            }
        }

        return record;
    }

    /// <summary>Stores a new execution (no row of its ARN exists) with its operations.</summary>
    public async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, DurableExecutionRecord record, string? taskId, CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO durable_executions (arn, name, function_name, status, record, next_due, needs_invocation, leased, started_at, updated_at, task_id, task_synced, version) VALUES ($a, $n, $f, $s, $r, NULL, 1, 0, $t, $t, $k, $y, 1);",
            cancellationToken,
            ("$a", record.Arn),
            ("$n", record.Name),
            ("$f", record.FunctionName),
            ("$s", record.Status),
            ("$r", SerializeHeader(record)),
            ("$t", Instant(record.StartedAt)),
            ("$k", taskId),
            ("$y", taskId is null ? 1 : 0)).ConfigureAwait(false);
        var kept = Keep(record, 1, []);
        await WriteOperationsAsync(connection, transaction, kept, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a record loaded by <see cref="LoadAsync"/> (or inserted) in this transaction.</summary>
    public async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, DurableExecutionRecord record, bool leased, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_kept.TryGetValue(record.Arn, out var kept) || !ReferenceEquals(kept.Record, record))
        {
            // Not held (forgotten since it was loaded): compare nothing, write every operation.
            kept = Keep(record, 0, []);
        }

        await WriteOperationsAsync(connection, transaction, kept, cancellationToken).ConfigureAwait(false);
        var next = DurableExecutionRules.NextDue(record);
        var version = await Sql.ScalarAsync(
            connection,
            transaction,
            "UPDATE durable_executions SET status = $s, record = $r, next_due = $d, needs_invocation = $i, leased = $l, updated_at = $t, version = version + 1 WHERE arn = $a RETURNING version;",
            cancellationToken,
            ("$a", record.Arn),
            ("$s", record.Status),
            ("$r", SerializeHeader(record)),
            ("$d", next is null ? null : Instant(next.Value)),
            ("$i", record.InvocationNeeded ? 1 : 0),
            ("$l", leased ? 1 : 0),
            ("$t", Instant(now))).ConfigureAwait(false);
        kept.Version = Convert.ToInt64(version, CultureInfo.InvariantCulture);
        if (ExecutionStatuses.IsTerminal(record.Status))
        {
            // An ended execution is written again only to answer its parent or its task: read it afresh then.
            _kept.Remove(record.Arn);
        }
    }

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The header of a record, its operations left out (<see cref="DurableExecutionRecord.Operations"/> is not serialized).</summary>
    public static DurableExecutionRecord ParseHeader(string json) => JsonSerializer.Deserialize(json, DurableServiceJsonContext.Default.DurableExecutionRecord)!;

    private static string SerializeHeader(DurableExecutionRecord record) => JsonSerializer.Serialize(record, DurableServiceJsonContext.Default.DurableExecutionRecord);

    private static Operation ParseOperation(string json) => JsonSerializer.Deserialize(json, DurableServiceJsonContext.Default.Operation)!;

    private Kept Keep(DurableExecutionRecord record, long version, List<string> stored)
    {
        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }

        var kept = new Kept(record) { Version = version, StoredCount = stored.Count };
        for (var position = 0; position < stored.Count; position++)
        {
            if (!OperationStatuses.IsTerminal(record.Operations[position].Status))
            {
                kept.Open[position] = stored[position];
            }
        }

        _kept[record.Arn] = kept;
        return kept;
    }

    /// <summary>Writes the operations that are new or changed since they were stored (only open ones can change).</summary>
    private static async Task WriteOperationsAsync(SqliteConnection connection, SqliteTransaction transaction, Kept kept, CancellationToken cancellationToken)
    {
        var operations = kept.Record.Operations;
        foreach (var position in kept.Open.Keys.Where(p => p < kept.StoredCount).Concat(Enumerable.Range(kept.StoredCount, operations.Count - kept.StoredCount)).ToList())
        {
            var operation = operations[position];
            var json = JsonSerializer.Serialize(operation, DurableServiceJsonContext.Default.Operation);
            if (!kept.Open.TryGetValue(position, out var stored) || !string.Equals(stored, json, StringComparison.Ordinal))
            {
                await Sql.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO durable_operations (arn, position, operation) VALUES ($a, $p, $o) ON CONFLICT (arn, position) DO UPDATE SET operation = excluded.operation;",
                    cancellationToken,
                    ("$a", kept.Record.Arn),
                    ("$p", position),
                    ("$o", json)).ConfigureAwait(false);
            }

            if (OperationStatuses.IsTerminal(operation.Status))
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

    /// <summary>A record as this store last saw it stored: its row version, how many operations are stored, the stored JSON of each open one.</summary>
    private sealed class Kept(DurableExecutionRecord record)
    {
        public DurableExecutionRecord Record { get; } = record;

        public long Version { get; set; }

        public int StoredCount { get; set; }

        public Dictionary<int, string> Open { get; } = [];
    }
}
