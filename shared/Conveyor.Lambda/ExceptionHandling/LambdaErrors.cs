namespace Conveyor.Lambda.ExceptionHandling;

/// <summary>Turns exceptions into <see cref="LambdaError"/> bodies.</summary>
public static class LambdaErrors
{
    /// <summary>Inner exceptions deeper than this are dropped: the body must stay well under Lambda's 256 KB limit.</summary>
    private const int MaxCauseDepth = 5;

    /// <summary>
    /// Builds the error for <paramref name="exception"/>. An <see cref="AggregateException"/> with a single inner
    /// exception (what a faulted task often surfaces) is unwrapped so the error type stays the meaningful one.
    /// </summary>
    public static LambdaError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Build(Unwrap(exception), depth: 0);
    }

    private static LambdaError Build(Exception exception, int depth) => new()
    {
        ErrorType = exception.GetType().Name,
        ErrorMessage = exception.Message,
        StackTrace = SplitStackTrace(exception.StackTrace),
        Cause = exception.InnerException is { } inner && depth < MaxCauseDepth ? Build(Unwrap(inner), depth + 1) : null,
    };

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    private static string[] SplitStackTrace(string? stackTrace) =>
        string.IsNullOrEmpty(stackTrace)
            ? []
            : stackTrace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
