using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.TaskWorker;

/// <summary>Source-generated log messages of <see cref="TaskWorkerHandler"/>.</summary>
internal static partial class TaskWorkerLog
{
    [LoggerMessage(1, LogLevel.Error, "Poison message {MessageId}: {Reason}; reported as failed (it ends in the dead-letter queue)")]
    public static partial void PoisonMessage(ILogger logger, string messageId, string reason);

    [LoggerMessage(2, LogLevel.Error, "Message {MessageId} names task {TaskId}, which does not exist; reported as failed")]
    public static partial void TaskMissing(ILogger logger, string messageId, string taskId);
}
