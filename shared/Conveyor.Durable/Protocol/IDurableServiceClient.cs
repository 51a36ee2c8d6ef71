namespace Conveyor.Durable.Protocol;

/// <summary>
/// The two calls a running durable function makes to its service: <c>CheckpointDurableExecution</c> and
/// <c>GetDurableExecutionState</c>. On AWS a SigV4 client (Conveyor.Aws); locally the embedded engine or the test runner.
/// </summary>
public interface IDurableServiceClient
{
    /// <summary>Records <paramref name="updates"/> atomically; consumes <paramref name="checkpointToken"/> and returns the next one.</summary>
    /// <exception cref="DurableServiceException">The service refused (an invalid token, an invalid update) or failed.</exception>
    Task<CheckpointResponse> CheckpointAsync(
        string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken);

    /// <summary>A page of the execution's operations starting at <paramref name="marker"/>.</summary>
    Task<ExecutionStatePage> GetStateAsync(
        string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken);
}
