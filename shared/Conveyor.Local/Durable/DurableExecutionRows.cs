using System.Text.Json;
using Conveyor.Durable.Service;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Durable;

/// <summary>
/// An execution's record (its operations aside) as its two rows hold it: the header row written at its start
/// (<see cref="DurableExecutionHeader"/>) and the state row every write rewrites (<see cref="DurableExecutionState"/>).
/// </summary>
internal static class DurableExecutionRows
{
    /// <summary>The columns <see cref="Read"/> expects first, in this order (<c>h</c> the header row, <c>s</c> the state row).</summary>
    public const string Columns = "h.arn, h.name, h.function_name, h.header, s.status, s.state";

    /// <summary>The header rows <c>h</c> joined to their state rows <c>s</c>, what <see cref="Columns"/> and <see cref="Match"/> name.</summary>
    public const string Joined = "durable_execution_headers h JOIN durable_execution_states s ON s.key = h.key";

    /// <summary>
    /// What finds an execution given its ARN or its name: its name, and the ARN its row must hold (null when given a
    /// name). An ARN names its execution (<c>…:function:F:$LATEST/durable-execution/name/id</c>) and a name has no
    /// <c>/</c>, so the header row is found through the name's index either way. Use with <see cref="Match"/>.
    /// </summary>
    public static (string Name, string? Arn) Lookup(string arnOrName)
    {
        const string Marker = "/durable-execution/";
        var at = arnOrName.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return (arnOrName, null);
        }

        var name = arnOrName[(at + Marker.Length)..];
        var end = name.IndexOf('/', StringComparison.Ordinal);
        return (end < 0 ? name : name[..end], arnOrName);
    }

    /// <summary>The condition on the header row <c>h</c> for <see cref="Lookup"/>'s <c>$n</c> (name) and <c>$a</c> (ARN or null).</summary>
    public const string Match = "h.name = $n AND ($a IS NULL OR h.arn = $a)";

    /// <summary>The record of a row selected with <see cref="Columns"/> first, without its operations.</summary>
    public static DurableExecutionRecord Read(SqliteDataReader row) =>
        Compose(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5));

    private static DurableExecutionRecord Compose(string arn, string name, string functionName, string header, string status, string state)
    {
        var fixedPart = JsonSerializer.Deserialize(header, DurableStorageJsonContext.Default.DurableExecutionHeader)!;
        var changing = JsonSerializer.Deserialize(state, DurableStorageJsonContext.Default.DurableExecutionState)!;
        var record = new DurableExecutionRecord
        {
            Arn = arn,
            Name = name,
            FunctionName = functionName,
            Status = status,
            InputPayload = fixedPart.InputPayload,
            StartedAt = fixedPart.StartedAt,
            TimeoutAt = fixedPart.TimeoutAt,
            ParentArn = fixedPart.ParentArn,
            ParentOperationId = fixedPart.ParentOperationId,
            Result = changing.Result,
            Error = changing.Error,
            EndedAt = changing.EndedAt,
            TokenSequence = changing.TokenSequence,
            // Rows written before the token was left out keep it; it is the one the ARN and the sequence give.
            CheckpointToken = changing.CheckpointToken ?? DurableExecutionRules.CheckpointToken(arn, changing.TokenSequence),
            InvocationNeeded = changing.InvocationNeeded,
            Invocations = changing.Invocations,
            FailedInvocations = changing.FailedInvocations,
            InvocationRetryAt = changing.InvocationRetryAt,
            ParentAnswered = changing.ParentAnswered,
        };
        if (changing.Callbacks is { } callbacks)
        {
            foreach (var (id, timers) in callbacks)
            {
                record.Callbacks[id] = timers;
            }
        }

        if (changing.PendingInvokes is { } pending)
        {
            record.PendingInvokes.AddRange(pending);
        }

        return record;
    }

    /// <summary>The header row's JSON: what the start fixes, beside the columns.</summary>
    public static string Header(DurableExecutionRecord record) => JsonSerializer.Serialize(
        new DurableExecutionHeader
        {
            InputPayload = record.InputPayload,
            StartedAt = record.StartedAt,
            TimeoutAt = record.TimeoutAt,
            ParentArn = record.ParentArn,
            ParentOperationId = record.ParentOperationId,
        },
        DurableStorageJsonContext.Default.DurableExecutionHeader);

    /// <summary>The state row's JSON: what writes change, beside the status column.</summary>
    public static string State(DurableExecutionRecord record) => JsonSerializer.Serialize(
        new DurableExecutionState
        {
            Result = record.Result,
            Error = record.Error,
            EndedAt = record.EndedAt,
            Callbacks = record.Callbacks.Count == 0 ? null : record.Callbacks,
            TokenSequence = record.TokenSequence,
            InvocationNeeded = record.InvocationNeeded,
            Invocations = record.Invocations,
            FailedInvocations = record.FailedInvocations,
            InvocationRetryAt = record.InvocationRetryAt,
            PendingInvokes = record.PendingInvokes.Count == 0 ? null : record.PendingInvokes,
            ParentAnswered = record.ParentAnswered,
        },
        DurableStorageJsonContext.Default.DurableExecutionState);
}
