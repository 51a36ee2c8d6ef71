using Conveyor.Core.Schedules;

namespace Conveyor.Local.Scheduling;

/// <summary>A stored schedule with the local timer's state: its anchor (creation time) and next due instant.</summary>
public sealed record StoredSchedule(Schedule Schedule, DateTimeOffset Anchor, DateTimeOffset NextDue);
