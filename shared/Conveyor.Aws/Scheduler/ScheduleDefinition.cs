namespace Conveyor.Aws.Scheduler;

/// <summary>
/// The body of CreateSchedule/UpdateSchedule. Update replaces every field, so the same definition serves both.
/// </summary>
public sealed record ScheduleDefinition(string Name, string ScheduleExpression, ScheduleTargetDefinition Target)
{
    public string? GroupName { get; init; }

    public string? ScheduleExpressionTimezone { get; init; }

    /// <summary>OFF fires at the exact time; FLEXIBLE lets Scheduler spread invocations over <see cref="MaximumWindowInMinutes"/>.</summary>
    public string FlexibleTimeWindowMode { get; init; } = "OFF";

    public int? MaximumWindowInMinutes { get; init; }

    /// <summary>DELETE removes a one-time schedule after it fired; NONE keeps it.</summary>
    public string? ActionAfterCompletion { get; init; }

    /// <summary>ENABLED (the service default) or DISABLED.</summary>
    public string? State { get; init; }

    public string? Description { get; init; }

    /// <summary>1–64 characters of <c>[a-zA-Z0-9-_]</c>: the service treats repeats with the same token as one request.</summary>
    public string? ClientToken { get; init; }
}
