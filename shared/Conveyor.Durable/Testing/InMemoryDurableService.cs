using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Durable.Testing;

/// <summary>
/// The durable execution service in memory, with the service's rules (<see cref="DurableExecutionRules"/>): single-use
/// tokens, paging, validation. What the test runner checkpoints against.
/// </summary>
public sealed class InMemoryDurableService(TimeProvider time) : IDurableServiceClient
{
    private readonly Dictionary<string, DurableExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Every checkpoint call received, in order (what a wire-level test would see).</summary>
    public List<CheckpointRequest> CheckpointCalls { get; } = [];

    public int StateCalls { get; private set; }

    public DurableExecutionRecord Add(DurableExecutionRecord record)
    {
        lock (_gate)
        {
            _executions.Add(record.Arn, record);
            return record;
        }
    }

    public DurableExecutionRecord Get(string arn)
    {
        lock (_gate)
        {
            return _executions.TryGetValue(arn, out var record)
                ? record
                : throw new DurableServiceException("ResourceNotFoundException", $"No durable execution {arn}.", 404);
        }
    }

    public T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    public Task<CheckpointResponse> CheckpointAsync(string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CheckpointCalls.Add(new CheckpointRequest { CheckpointToken = checkpointToken, ClientToken = clientToken, Updates = updates.ToList() });
            var record = Get(durableExecutionArn);
            return Task.FromResult(DurableExecutionRules.Checkpoint(record, checkpointToken, updates, time.GetUtcNow()));
        }
    }

    public Task<ExecutionStatePage> GetStateAsync(string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            StateCalls++;
            return Task.FromResult(DurableExecutionRules.GetState(Get(durableExecutionArn), checkpointToken, marker, maxItems));
        }
    }
}
