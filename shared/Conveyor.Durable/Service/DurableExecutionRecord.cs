using System.Text.Json.Serialization;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Service;

/// <summary>
/// Everything the service keeps about one durable execution: its identity and status, its operations in start order,
/// the current single-use checkpoint token, the deadlines of started callbacks and whether something happened that
/// the function must be invoked for.
/// </summary>
public sealed class DurableExecutionRecord
{
    public string Arn { get; set; } = string.Empty;

    /// <summary>The execution name: the idempotency key of the start.</summary>
    public string Name { get; set; } = string.Empty;

    public string FunctionName { get; set; } = string.Empty;

    public string Status { get; set; } = ExecutionStatuses.Running;

    public string? InputPayload { get; set; }

    public string? Result { get; set; }

    public ErrorObject? Error { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset? TimeoutAt { get; set; }

    /// <summary>The operations in start order. Not part of the record's JSON: the embedded engine stores one row per operation.</summary>
    [JsonIgnore]
    public List<Operation> Operations { get; set; } = [];

    public Dictionary<string, CallbackTimers> Callbacks { get; set; } = new(StringComparer.Ordinal);

    public long TokenSequence { get; set; }

    public string CheckpointToken { get; set; } = string.Empty;

    /// <summary>Set when something the function waits for happened (a timer fired, a callback answered, ...).</summary>
    public bool InvocationNeeded { get; set; }

    public int Invocations { get; set; }

    /// <summary>Invocations in a row that failed (threw, timed out); reset by an invocation that answered.</summary>
    public int FailedInvocations { get; set; }

    /// <summary>When a failed invocation is tried again (Lambda retries a failed invocation after a delay).</summary>
    public DateTimeOffset? InvocationRetryAt { get; set; }

    /// <summary>Functions a checkpoint asked to invoke (CHAINED_INVOKE), for the host to start once the checkpoint is stored.</summary>
    public List<ChainedInvokeRequest> PendingInvokes { get; set; } = [];

    /// <summary>For an execution a CHAINED_INVOKE started (the embedded engine's <c>InvokeAsync</c>): the invoking execution.</summary>
    public string? ParentArn { get; set; }

    /// <summary>The invoking execution's CHAINED_INVOKE operation this execution answers.</summary>
    public string? ParentOperationId { get; set; }

    /// <summary>Set once this execution's end has been written into its parent's CHAINED_INVOKE operation.</summary>
    public bool ParentAnswered { get; set; }

    public Operation? Find(string id) => Operations.Find(o => o.Id == id);
}
