using Conveyor.Durable.Protocol;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>
/// <see cref="InMemoryDurableService"/> answering each call on a thread-pool thread, as a service over the network or the
/// embedded engine's does (the caller's await goes on on that thread); from call <see cref="HoldFromCall"/> on, a call
/// waits for <see cref="Release"/>, then fails with <see cref="FailHeldWith"/> if set.
/// </summary>
internal sealed class AnsweringLaterService(InMemoryDurableService inner) : IDurableServiceClient
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int HoldFromCall { get; init; } = int.MaxValue;

    public Exception? FailHeldWith { get; init; }

    /// <summary>Completes when a held call has started.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public Task<CheckpointResponse> CheckpointAsync(string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Task.Run(async () =>
        {
            if (call >= HoldFromCall)
            {
                Held.TrySetResult();
                await _released.Task.ConfigureAwait(false);
                if (FailHeldWith is { } error)
                {
                    throw error;
                }
            }

            return await inner.CheckpointAsync(durableExecutionArn, checkpointToken, updates, clientToken, cancellationToken).ConfigureAwait(false);
        }, CancellationToken.None);
    }

    public Task<ExecutionStatePage> GetStateAsync(string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken) =>
        Task.Run(() => inner.GetStateAsync(durableExecutionArn, checkpointToken, marker, maxItems, cancellationToken), CancellationToken.None);
}
