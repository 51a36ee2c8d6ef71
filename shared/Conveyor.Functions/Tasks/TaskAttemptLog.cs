using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Tasks;

/// <summary>Source-generated log messages of <see cref="TaskAttemptRunner"/>.</summary>
internal static partial class TaskAttemptLog
{
    [LoggerMessage(1, LogLevel.Information, "Task {TaskId} already ended as {Status}; duplicate delivery acknowledged without running again")]
    public static partial void AlreadyEnded(ILogger logger, string taskId, string status);

    [LoggerMessage(2, LogLevel.Information, "Task {TaskId} is being processed by another runner; duplicate dropped")]
    public static partial void DuplicateWhileProcessing(ILogger logger, string taskId);

    [LoggerMessage(3, LogLevel.Warning, "Task {TaskId} was PROCESSING on attempt {Attempt}: the previous attempt was interrupted; marking it ERRORED and running it again")]
    public static partial void InterruptedAttempt(ILogger logger, string taskId, int attempt);

    [LoggerMessage(4, LogLevel.Warning, "Task {TaskId} is {Status}, which a runner does not run; acknowledged")]
    public static partial void NotRunnable(ILogger logger, string taskId, string status);

    [LoggerMessage(5, LogLevel.Debug, "Lost the claim of task {TaskId} to another writer; re-reading")]
    public static partial void ClaimLost(ILogger logger, string taskId);

    [LoggerMessage(6, LogLevel.Error, "Task {TaskId} has type {TaskType}, for which no processor is registered; it fails")]
    public static partial void NoProcessor(ILogger logger, string taskId, string taskType);

    [LoggerMessage(7, LogLevel.Warning, "Task {TaskId} failed permanently: {Reason}")]
    public static partial void PermanentFailure(ILogger logger, string taskId, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Task {TaskId} attempt {Attempt} (of {MaxAttempts}; 0 = counted by the caller) failed with {ErrorType}; it is ERRORED and will be retried")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string taskId, int attempt, int maxAttempts, string errorType);

    [LoggerMessage(9, LogLevel.Error, "Task {TaskId} attempt {Attempt} of {MaxAttempts} failed; no attempts left, it fails")]
    public static partial void AttemptsExhausted(ILogger logger, Exception exception, string taskId, int attempt, int maxAttempts);

    [LoggerMessage(10, LogLevel.Information, "Task {TaskId} ({TaskType}) completed")]
    public static partial void Completed(ILogger logger, string taskId, string taskType);
}
