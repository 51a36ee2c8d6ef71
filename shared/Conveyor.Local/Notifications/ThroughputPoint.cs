namespace Conveyor.Local.Notifications;

/// <summary>Tasks and subtasks that reached COMPLETED or FAILED in one second (Unix seconds).</summary>
public sealed record ThroughputPoint(long Second, int Completed, int Failed);
