using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tasks;

/// <summary>An attempt's outcome, the task's row as last read or written, and the processor's exception when retryable.</summary>
public sealed record TaskAttemptResult(TaskAttemptOutcome Outcome, TrackedTask Task, Exception? Failure = null)
{
    /// <summary>The next task as claimed by this attempt's end write (see <see cref="TaskAttemptRunner.RunAsync(TrackedTask, TaskAttempt, Func{TrackedTask?}?, CancellationToken)"/>); null when none was asked for or the claim was lost.</summary>
    public TrackedTask? ClaimedNext { get; init; }
}
