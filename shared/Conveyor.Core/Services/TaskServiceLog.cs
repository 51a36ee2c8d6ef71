using Conveyor.Core.Tasks;
using Microsoft.Extensions.Logging;

namespace Conveyor.Core.Services;

/// <summary>Source-generated log messages of <see cref="TaskService"/>.</summary>
internal static partial class TaskServiceLog
{
    [LoggerMessage(1, LogLevel.Information, "Created task {TaskId} (tenant {Tenant}, type {Type}, created {Created})")]
    public static partial void TaskCreated(ILogger logger, string taskId, string tenant, string type, bool created);

    [LoggerMessage(2, LogLevel.Information, "Task {TaskId} moved from {From} to {To} (version {Version})")]
    public static partial void StatusChanged(ILogger logger, string taskId, string from, string to, long version);

    [LoggerMessage(3, LogLevel.Information, "Task {TaskId} is already {Status}; redelivery ignored without a new notification")]
    public static partial void AlreadyInStatus(ILogger logger, string taskId, string status);

    [LoggerMessage(4, LogLevel.Debug, "Conditional write of task {TaskId} lost a race (attempt {Attempt}); re-reading")]
    public static partial void WriteConflict(ILogger logger, string taskId, int attempt);

    [LoggerMessage(5, LogLevel.Information, "Created {Inserted} of {Count} subtasks of {TaskId}")]
    public static partial void SubTasksCreated(ILogger logger, string taskId, int inserted, int count);

    [LoggerMessage(6, LogLevel.Warning, "Alarm for task {TaskId}: {ErrorMessage}")]
    public static partial void Alarm(ILogger logger, string taskId, string errorMessage);

    [LoggerMessage(7, LogLevel.Information, "Step-function task {TaskId} finalized as {Status}")]
    public static partial void Finalized(ILogger logger, string taskId, string status);

    public static void StatusChanged(ILogger logger, TrackedTask from, TrackedTask to) =>
        StatusChanged(logger, to.Id, from.Status.ToWireName(), to.Status.ToWireName(), to.Version);
}
