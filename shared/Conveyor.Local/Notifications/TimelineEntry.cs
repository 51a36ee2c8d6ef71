namespace Conveyor.Local.Notifications;

/// <summary>
/// One step of a task's status timeline: a status (or an alarm's message) and when it was first published; repeats of
/// the same status in a row (progress updates of a running step-function task) are folded into <see cref="Count"/>.
/// </summary>
public sealed record TimelineEntry(long Sequence, string Action, string? Status, string? Message, DateTimeOffset At, int Count);
