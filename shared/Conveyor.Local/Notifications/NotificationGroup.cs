namespace Conveyor.Local.Notifications;

/// <summary>
/// Recent notifications of one task, its subtasks' folded in: the latest status of the task itself (or of its latest
/// subtask when the task has none in the window), its latest alarm message, how many notifications and subtask updates,
/// and the latest few.
/// </summary>
public sealed record NotificationGroup(
    string TaskId,
    string? Status,
    string? Message,
    DateTimeOffset LatestAt,
    int Count,
    int SubTaskUpdates,
    IReadOnlyList<TimelineEntry> Latest);
