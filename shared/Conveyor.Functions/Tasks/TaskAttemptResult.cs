using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Tasks;

/// <summary>An attempt's outcome, the task's row as last read or written, and the processor's exception when retryable.</summary>
public sealed record TaskAttemptResult(TaskAttemptOutcome Outcome, TrackedTask Task, Exception? Failure = null);
