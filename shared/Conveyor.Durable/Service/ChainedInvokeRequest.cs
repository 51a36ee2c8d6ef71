namespace Conveyor.Durable.Service;

/// <summary>A function a workflow asked to invoke (CHAINED_INVOKE): the operation to complete, the function and its input.</summary>
public sealed record ChainedInvokeRequest(string OperationId, string FunctionName, string? Payload);
