using Conveyor.Core.Schedules;

namespace Conveyor.Core.Actions;

/// <summary>Deletes the schedule <see cref="Name"/>; deleting one that does not exist succeeds.</summary>
public sealed record DeleteSchedule(string Name) : FileTaskAction
{
    public string Name { get; init; } = ScheduleNames.Validate(Name);

    public override string Describe() => $"DeleteSchedule({Name})";
}
