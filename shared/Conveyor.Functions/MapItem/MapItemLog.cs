using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>Source-generated log messages of <see cref="MapItemHandler"/>.</summary>
internal static partial class MapItemLog
{
    [LoggerMessage(1, LogLevel.Information, "Subtask {TaskId} already ended as {Status}; redelivery returns it without running again")]
    public static partial void AlreadyEnded(ILogger logger, string taskId, string status);

    [LoggerMessage(2, LogLevel.Warning, "Subtask {TaskId} was PROCESSING: the previous attempt was interrupted; marking it ERRORED and running it again")]
    public static partial void InterruptedAttempt(ILogger logger, string taskId);

    [LoggerMessage(3, LogLevel.Error, "Subtask {TaskId} has type {TaskType}, for which no handler is registered; it fails")]
    public static partial void NoHandler(ILogger logger, string taskId, string taskType);

    [LoggerMessage(4, LogLevel.Warning, "Subtask {TaskId} failed permanently: {Reason}")]
    public static partial void PermanentFailure(ILogger logger, string taskId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Subtask {TaskId} attempt failed with {ErrorType}; it is ERRORED and will be retried")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string taskId, string errorType);

    [LoggerMessage(6, LogLevel.Warning, "Subtask {TaskId} retries are exhausted ({ErrorType}: {Reason}); it fails")]
    public static partial void RetriesExhausted(ILogger logger, string taskId, string errorType, string reason);
}
