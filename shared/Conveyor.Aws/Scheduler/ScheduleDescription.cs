namespace Conveyor.Aws.Scheduler;

/// <summary>The answer to GetSchedule.</summary>
public sealed record ScheduleDescription(
    string Arn,
    string Name,
    string? GroupName,
    string ScheduleExpression,
    string? ScheduleExpressionTimezone,
    string? State,
    string? ActionAfterCompletion,
    string? FlexibleTimeWindowMode,
    ScheduleTargetDefinition Target);
