using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>Source-generated log messages of <see cref="MapItemHandler"/>.</summary>
internal static partial class MapItemLog
{
    [LoggerMessage(1, LogLevel.Information, "Subtask {TaskId} already ended as {Status}; redelivery returns it without running again")]
    public static partial void AlreadyEnded(ILogger logger, string taskId, string status);

    [LoggerMessage(6, LogLevel.Warning, "Subtask {TaskId} retries are exhausted ({ErrorType}: {Reason}); it fails")]
    public static partial void RetriesExhausted(ILogger logger, string taskId, string errorType, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Subtask {TaskId} attempt {Attempt} of {MaxAttempts} failed; retrying in {Delay} within its batch")]
    public static partial void RetryingInBatch(ILogger logger, string taskId, int attempt, int maxAttempts, TimeSpan delay);
}
