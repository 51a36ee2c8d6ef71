using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Workflows;

/// <summary>Source-generated log messages of <see cref="WorkflowService"/>.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(1, LogLevel.Information, "Workflow {Workflow} execution {ExecutionName} of task {TaskId} started (new: {Created})")]
    public static partial void Started(ILogger logger, string taskId, string workflow, string executionName, bool created);

    [LoggerMessage(2, LogLevel.Information, "Task {TaskId} tracks execution {ExecutionName}, which ended {Status}")]
    public static partial void TaskCompleted(ILogger logger, string taskId, string executionName, string status);

    [LoggerMessage(3, LogLevel.Warning, "Workflow task {TaskId} fails: {Reason}")]
    public static partial void Refused(ILogger logger, string taskId, string reason);
}
