using Conveyor.Durable.Protocol;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// What the engine's durable workflows call their service through when <see cref="EngineOptions.DurableApi"/> is set: the
/// client that option makes for the engine's own HTTP address (<see cref="Http.DurableApiEndpoints"/>), so a workflow's
/// checkpoints and state reads leave the process as on Lambda. The address is known once the server listens, after the
/// loops start; a call made before waits for it.
/// </summary>
public sealed class LoopbackDurableServiceClient(Func<Uri, IDurableServiceClient> factory) : IDurableServiceClient
{
    private readonly Func<Uri, IDurableServiceClient> _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    private readonly TaskCompletionSource<IDurableServiceClient> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The server listens at <paramref name="baseAddress"/>; calls go there from now on.</summary>
    public void Attach(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _client.TrySetResult(_factory(baseAddress));
    }

    public async Task<CheckpointResponse> CheckpointAsync(
        string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        var client = await _client.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await client.CheckpointAsync(durableExecutionArn, checkpointToken, updates, clientToken, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionStatePage> GetStateAsync(
        string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var client = await _client.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await client.GetStateAsync(durableExecutionArn, checkpointToken, marker, maxItems, cancellationToken).ConfigureAwait(false);
    }
}
