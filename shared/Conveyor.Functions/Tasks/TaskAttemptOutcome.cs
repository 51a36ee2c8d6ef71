namespace Conveyor.Functions.Tasks;

/// <summary>How one <see cref="TaskAttemptRunner"/> attempt ended.</summary>
public enum TaskAttemptOutcome
{
    /// <summary>The task was not claimed: it ended already, another runner has it, or it is not runnable. Nothing ran.</summary>
    NotClaimed,

    /// <summary>The task ended (COMPLETED, or FAILED for a permanent failure, a missing processor or a last failed attempt).</summary>
    Ended,

    /// <summary>The processor failed in a way a retry may cure; the task is ERRORED and the caller arranges the retry.</summary>
    Retryable,
}
