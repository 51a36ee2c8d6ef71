namespace Conveyor.Durable.Service;

/// <summary>A started execution; <see cref="Created"/> is false when the name had started one before (<see cref="TaskId"/> is that one's task).</summary>
public sealed record DurableExecutionStart(string Arn, bool Created, string? TaskId);
