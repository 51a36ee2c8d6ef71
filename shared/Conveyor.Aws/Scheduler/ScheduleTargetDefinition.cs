namespace Conveyor.Aws.Scheduler;

/// <summary>What a schedule invokes: a Lambda function or queue ARN, the role Scheduler assumes, and the input text.</summary>
public sealed record ScheduleTargetDefinition(string Arn, string RoleArn, string? Input = null);
