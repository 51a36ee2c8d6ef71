using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine.Status;

/// <summary>A point-in-time view for the live console and the dashboard.</summary>
/// <param name="Tasks">Single tasks per status (wire names).</param>
/// <param name="StepFunctionTasks">Step-function tasks per status.</param>
/// <param name="Running">Step-function tasks not yet ended, with their subtask counts (oldest first).</param>
/// <param name="Recent">The latest notifications, newest last.</param>
/// <param name="Failed">FAILED single tasks — failed work and rejected files — with their errors (oldest first, at most 20).</param>
/// <param name="DurableApiRequests">Requests served by the durable execution API on loopback since the engine started; null when workflows call their service in process.</param>
public sealed record EngineStatus(
    IReadOnlyDictionary<string, int> Tasks,
    IReadOnlyDictionary<string, int> StepFunctionTasks,
    IReadOnlyList<WorkflowProgress> Running,
    IReadOnlyList<NotificationRecord> Recent,
    DateTimeOffset At,
    IReadOnlyList<TrackedTask> Failed,
    long? DurableApiRequests = null);
