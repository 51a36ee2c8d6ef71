namespace Conveyor.Core.Actions;

/// <summary>How one action went; <see cref="Error"/> is <c>ExceptionType: message</c> when it failed.</summary>
public sealed record ActionOutcome(FileTaskAction Action, bool Succeeded, string? Error)
{
    /// <summary>The exception of a failed action, so a caller can tell bad input (never retried) from a transient fault.</summary>
    public Exception? Exception { get; init; }

    public static ActionOutcome Success(FileTaskAction action) => new(action, true, null);

    public static ActionOutcome Failure(FileTaskAction action, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ActionOutcome(action, false, $"{exception.GetType().Name}: {exception.Message}") { Exception = exception };
    }
}
