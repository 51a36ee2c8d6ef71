using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tasks;

/// <summary>
/// A task as a list shows it, read from the indexed columns and a few fields of the stored document (never its input or
/// subtask list): the error of a failed task and, for a step-function task, the subtask counts stored with it.
/// </summary>
public sealed record TaskSummary(
    TaskKey Key,
    TaskKind Kind,
    string Tenant,
    string Type,
    string Name,
    TrackedTaskStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TaskError? Error,
    int? SubTaskCount,
    int? SubTaskSucceedCount,
    int? SubTaskFailedCount)
{
    public string Id => Key.Id;
}
