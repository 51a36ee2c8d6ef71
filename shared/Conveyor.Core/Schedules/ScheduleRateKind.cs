namespace Conveyor.Core.Schedules;

/// <summary>The kinds of schedule rate.</summary>
public enum ScheduleRateKind
{
    Single,
    Minutes,
    Hours,
    Days,
    Daily,
    Weekdays,
    WeekdaysAndSaturday,
}
