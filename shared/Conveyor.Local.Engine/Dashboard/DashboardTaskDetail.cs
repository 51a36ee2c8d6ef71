using Conveyor.Core.Tasks;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// One task for its detail page. <see cref="Task"/> is the stored task with a long input cut to its first items
/// (<see cref="InputItems"/> says how many there are) and without the per-subtask list of its progress summary.
/// </summary>
/// <param name="Attempts">How many times a handler began running it (PROCESSING in its timeline).</param>
/// <param name="RetriedAs">The id of the task a retry of this one created.</param>
/// <param name="Execution">Its state machine execution as this engine follows it, or null.</param>
/// <param name="Workflow">The durable workflow execution it tracks, with its operation history; null for other tasks.</param>
public sealed record DashboardTaskDetail(
    TrackedTask Task,
    int? InputItems,
    IReadOnlyList<TimelineEntry> Timeline,
    int Attempts,
    WorkflowProgress? Progress,
    IReadOnlyDictionary<TrackedTaskStatus, int>? SubTaskCounts,
    string? RetriedAs,
    ExecutionSnapshot? Execution,
    DashboardWorkflow? Workflow = null);
