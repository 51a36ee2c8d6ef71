namespace Conveyor.Core.Ports;

/// <summary>A started execution. <see cref="AlreadyStarted"/> is true when a redelivery found it running already.</summary>
public sealed record WorkflowExecution(string ExecutionId, string ExecutionName, bool AlreadyStarted);
