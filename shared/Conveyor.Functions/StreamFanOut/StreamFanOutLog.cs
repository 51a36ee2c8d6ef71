using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>Source-generated log messages of <see cref="StreamFanOutHandler"/>.</summary>
internal static partial class StreamFanOutLog
{
    [LoggerMessage(1, LogLevel.Debug, "Stream record {SequenceNumber} ({EventName}) skipped: {Reason}")]
    public static partial void Skipped(ILogger logger, string sequenceNumber, string eventName, string reason);

    [LoggerMessage(2, LogLevel.Error, "Stream record {SequenceNumber} cannot be decoded as a task: {Reason}; reported as failed")]
    public static partial void Undecodable(ILogger logger, string sequenceNumber, string reason);

    [LoggerMessage(3, LogLevel.Error, "Stream record {SequenceNumber} names task {TaskId}, which does not exist; reported as failed")]
    public static partial void Missing(ILogger logger, string sequenceNumber, string taskId);

    [LoggerMessage(4, LogLevel.Information, "Task {TaskId} is {Status} already; nothing to dispatch")]
    public static partial void AlreadyDispatched(ILogger logger, string taskId, string status);

    [LoggerMessage(5, LogLevel.Information, "Task {TaskId} ({TaskType}) queued")]
    public static partial void Enqueued(ILogger logger, string taskId, string taskType);

    [LoggerMessage(6, LogLevel.Information, "Workflow {ExecutionName} of task {TaskId} started with {SubTaskCount} subtasks (already started: {AlreadyStarted})")]
    public static partial void WorkflowStarted(ILogger logger, string taskId, string executionName, int subTaskCount, bool alreadyStarted);

    [LoggerMessage(7, LogLevel.Error, "Task {TaskId} has type {TaskType} without a handler; it fails: {Reason}")]
    public static partial void UnknownType(ILogger logger, string taskId, string taskType, string reason);

    [LoggerMessage(8, LogLevel.Debug, "Stream record {SequenceNumber} (MODIFY of {TaskId}) published {Count} notifications")]
    public static partial void Notified(ILogger logger, string sequenceNumber, string taskId, int count);
}
