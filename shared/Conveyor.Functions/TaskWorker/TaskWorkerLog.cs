using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.TaskWorker;

/// <summary>Source-generated log messages of <see cref="TaskWorkerHandler"/>.</summary>
internal static partial class TaskWorkerLog
{
    [LoggerMessage(1, LogLevel.Error, "Poison message {MessageId}: {Reason}; reported as failed (it ends in the dead-letter queue)")]
    public static partial void PoisonMessage(ILogger logger, string messageId, string reason);

    [LoggerMessage(2, LogLevel.Error, "Message {MessageId} names task {TaskId}, which does not exist; reported as failed")]
    public static partial void TaskMissing(ILogger logger, string messageId, string taskId);

    [LoggerMessage(3, LogLevel.Error, "Message {MessageId} failed on its last receive ({ReceiveCount} of {MaxAttempts}) with {ErrorType}: {ErrorMessage}; dead-lettered with this cause")]
    public static partial void DeadLettered(ILogger logger, string messageId, int receiveCount, int maxAttempts, string errorType, string errorMessage);

    [LoggerMessage(4, LogLevel.Error, "Message {MessageId} could not be dead-lettered with its cause; reported as failed, so the queue's redrive moves it without one")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception, string messageId);
}
