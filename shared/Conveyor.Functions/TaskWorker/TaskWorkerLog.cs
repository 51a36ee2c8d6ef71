using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.TaskWorker;

/// <summary>Source-generated log messages of <see cref="TaskWorkerHandler"/>.</summary>
internal static partial class TaskWorkerLog
{
    [LoggerMessage(1, LogLevel.Error, "Poison message {MessageId}: {Reason}; reported as failed (it ends in the dead-letter queue)")]
    public static partial void PoisonMessage(ILogger logger, string messageId, string reason);

    [LoggerMessage(2, LogLevel.Error, "Message {MessageId} names task {TaskId}, which does not exist; reported as failed")]
    public static partial void TaskMissing(ILogger logger, string messageId, string taskId);

    [LoggerMessage(3, LogLevel.Information, "Task {TaskId} already ended as {Status}; duplicate delivery acknowledged without running again")]
    public static partial void AlreadyEnded(ILogger logger, string taskId, string status);

    [LoggerMessage(4, LogLevel.Information, "Task {TaskId} is being processed by another worker; duplicate message dropped")]
    public static partial void DuplicateWhileProcessing(ILogger logger, string taskId);

    [LoggerMessage(5, LogLevel.Warning, "Task {TaskId} was PROCESSING on delivery {ReceiveCount}: the previous attempt was interrupted; marking it ERRORED and running it again")]
    public static partial void InterruptedAttempt(ILogger logger, string taskId, int receiveCount);

    [LoggerMessage(6, LogLevel.Warning, "Task {TaskId} is {Status}, which a worker does not run; message acknowledged")]
    public static partial void NotRunnable(ILogger logger, string taskId, string status);

    [LoggerMessage(7, LogLevel.Debug, "Lost the claim of task {TaskId} to another writer; re-reading")]
    public static partial void ClaimLost(ILogger logger, string taskId);

    [LoggerMessage(8, LogLevel.Error, "Task {TaskId} has type {TaskType}, for which no handler is registered; it fails")]
    public static partial void NoHandler(ILogger logger, string taskId, string taskType);

    [LoggerMessage(9, LogLevel.Warning, "Task {TaskId} failed permanently: {Reason}")]
    public static partial void PermanentFailure(ILogger logger, string taskId, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Task {TaskId} attempt {ReceiveCount} of {MaxAttempts} failed; it is ERRORED and will be retried")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string taskId, int receiveCount, int maxAttempts);

    [LoggerMessage(11, LogLevel.Error, "Task {TaskId} attempt {ReceiveCount} of {MaxAttempts} failed; no attempts left, it fails")]
    public static partial void AttemptsExhausted(ILogger logger, Exception exception, string taskId, int receiveCount, int maxAttempts);

    [LoggerMessage(12, LogLevel.Information, "Task {TaskId} ({TaskType}) completed")]
    public static partial void Completed(ILogger logger, string taskId, string taskType);
}
