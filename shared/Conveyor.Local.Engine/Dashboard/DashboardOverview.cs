using Conveyor.Core.Tasks;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;
using Conveyor.Local.Tasks;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// The overview page's data: counts per kind and status, durable workflow executions per status (all five, zeros
/// included), how many dead letters the queues hold, running imports, throughput per second, notifications per task.
/// </summary>
public sealed record DashboardOverview(
    DateTimeOffset At,
    IReadOnlyDictionary<TrackedTaskStatus, int> Tasks,
    IReadOnlyDictionary<TrackedTaskStatus, int> StepFunctionTasks,
    IReadOnlyList<KeyValuePair<string, int>> DurableExecutions,
    int DeadLetters,
    IReadOnlyList<(TaskSummary Task, WorkflowProgress Progress)> Running,
    IReadOnlyList<ThroughputPoint> Throughput,
    IReadOnlyList<NotificationGroup> Notifications);
