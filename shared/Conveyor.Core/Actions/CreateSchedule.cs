using Conveyor.Core.Schedules;

namespace Conveyor.Core.Actions;

/// <summary>Creates <see cref="Schedule"/>, replacing a schedule of the same name (so a redelivered event is harmless).</summary>
public sealed record CreateSchedule(Schedule Schedule) : FileTaskAction
{
    public Schedule Schedule { get; init; } = Schedule ?? throw new ArgumentNullException(nameof(Schedule));

    public override string Describe() => $"CreateSchedule({Schedule.Name}, {Schedule.Rate.ToExpression()})";
}
