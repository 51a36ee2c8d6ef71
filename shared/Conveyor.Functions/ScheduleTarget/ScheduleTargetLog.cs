using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.ScheduleTarget;

/// <summary>Source-generated log messages of <see cref="ScheduleTargetHandler"/>.</summary>
internal static partial class ScheduleTargetLog
{
    [LoggerMessage(1, LogLevel.Error, "A schedule fired a payload with {PayloadType}; only 'command', 'task' and 'reconcile-workflows' payloads exist")]
    public static partial void UnknownPayload(ILogger logger, string payloadType);

    [LoggerMessage(2, LogLevel.Information, "Schedule published {Count} command(s) to {Aggregate}")]
    public static partial void CommandsPublished(ILogger logger, int count, string aggregate);

    [LoggerMessage(3, LogLevel.Information, "Schedule created task {TaskId} (new: {Created})")]
    public static partial void TaskCreated(ILogger logger, string taskId, bool created);

    [LoggerMessage(4, LogLevel.Information, "Workflow sweep looked at {Examined} ended execution(s) and told {Reconciled} task(s) how theirs ended")]
    public static partial void WorkflowsReconciled(ILogger logger, int examined, int reconciled);
}
