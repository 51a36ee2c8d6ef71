namespace Conveyor.Aws.StepFunctions;

/// <summary>The answer to StartExecution.</summary>
public sealed record StartExecutionResult(string ExecutionArn, DateTimeOffset? StartDate);
