namespace Conveyor.Local.Durable;

/// <summary>One row of the executions list: identity, status and times.</summary>
public sealed record DurableExecutionSummary(string Arn, string Name, string FunctionName, string Status, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);
