using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Local.Durable;

/// <summary>
/// The members of an execution's record its writes change, beside the status the state row keeps in a column
/// (<c>durable_execution_states.state</c>): the row every write rewrites, so members at their default are left out.
/// </summary>
internal sealed class DurableExecutionState
{
    public string? Result { get; set; }

    public ErrorObject? Error { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public Dictionary<string, CallbackTimers>? Callbacks { get; set; }

    public long TokenSequence { get; set; }

    /// <summary>Only in rows written before the token was rebuilt from the ARN and <see cref="TokenSequence"/> (read, never written).</summary>
    public string? CheckpointToken { get; set; }

    public bool InvocationNeeded { get; set; }

    public int Invocations { get; set; }

    public int FailedInvocations { get; set; }

    public DateTimeOffset? InvocationRetryAt { get; set; }

    public List<ChainedInvokeRequest>? PendingInvokes { get; set; }

    public bool ParentAnswered { get; set; }
}
