namespace Conveyor.Aws.Scheduler;

/// <summary>
/// Where schedules fire: <see cref="TargetArn"/> is the ScheduleTarget function (or a queue) and
/// <see cref="RoleArn"/> the role Scheduler assumes to invoke it. <see cref="GroupName"/> null = the default group;
/// <see cref="Timezone"/> null = UTC.
/// </summary>
public sealed record SchedulerOptions
{
    public required string TargetArn { get; init; }

    public required string RoleArn { get; init; }

    public string? GroupName { get; init; }

    public string? Timezone { get; init; }
}
