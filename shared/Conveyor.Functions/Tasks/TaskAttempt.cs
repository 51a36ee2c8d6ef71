namespace Conveyor.Functions.Tasks;

/// <summary>What the caller of <see cref="TaskAttemptRunner"/> knows about this attempt.</summary>
/// <param name="Number">Which attempt this is (the queue's receive count; 0 when the caller does not count).</param>
/// <param name="MaxAttempts">How many attempts the caller allows (0 when its retries are counted elsewhere).</param>
/// <param name="PreviousAttemptEnded">A PROCESSING row found before claiming belongs to an attempt that ended without
/// recording an outcome (crash or timeout) rather than to a live runner: it is marked ERRORED and run again.</param>
public readonly record struct TaskAttempt(int Number, int MaxAttempts, bool PreviousAttemptEnded)
{
    /// <summary>No retry follows a failure of this attempt, so a retryable failure ends the task as FAILED.</summary>
    public bool IsLast => MaxAttempts > 0 && Number >= MaxAttempts;
}
