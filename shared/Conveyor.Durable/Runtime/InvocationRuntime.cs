using Conveyor.Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Conveyor.Durable.Runtime;

/// <summary>What every context of one invocation shares: state, checkpointing, suspension, serializer, clock, logger.</summary>
internal sealed class InvocationRuntime
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _toReplay;
    private volatile bool _replaying;

    public InvocationRuntime(
        string executionArn,
        ExecutionState state,
        CheckpointBatcher batcher,
        InvocationLifetime lifetime,
        DurableSerializer serializer,
        DurableFunctionOptions options)
    {
        ExecutionArn = executionArn;
        State = state;
        Batcher = batcher;
        Lifetime = lifetime;
        Serializer = serializer;
        Time = options.Time;
        _toReplay = state.CompletedWorkIds();
        _replaying = _toReplay.Count > 0;
        Logger = new ReplayAwareLogger(options.Logger, () => _replaying, options.LogWhileReplaying);
    }

    public string ExecutionArn { get; }

    public ExecutionState State { get; }

    public CheckpointBatcher Batcher { get; }

    public InvocationLifetime Lifetime { get; }

    public DurableSerializer Serializer { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public bool IsReplaying => _replaying;

    /// <summary>
    /// Meets operation <paramref name="id"/>: checks that what the workflow asks for now is what was checkpointed at
    /// this position (type, sub-type, name), counts it against the per-execution limit, and ends replay mode at the
    /// first operation that is not already complete.
    /// </summary>
    public Operation? Visit(string id, string type, string subType, string name)
    {
        var existing = State.Get(id);
        if (existing is not null)
        {
            if (!string.Equals(existing.Type, type, StringComparison.Ordinal)
                || (existing.SubType is not null && !string.Equals(existing.SubType, subType, StringComparison.Ordinal))
                || (existing.Name is not null && !string.Equals(existing.Name, name, StringComparison.Ordinal)))
            {
                throw new NonDeterministicWorkflowException(
                    $"Non-deterministic workflow: operation {id} was checkpointed as {existing.Type}/{existing.SubType} '{existing.Name}' but this replay asks for {type}/{subType} '{name}' at the same position. Workflow code must start the same operations in the same order on every replay (no branching on clocks, random numbers or external reads outside steps).");
            }
        }
        else
        {
            lock (_gate)
            {
                if (_seen.Add(id) && State.Count + _seen.Count > DurableLimits.MaxOperationsPerExecution)
                {
                    throw new DurableLimitExceededException(
                        $"Operation '{name}' would exceed {DurableLimits.MaxOperationsPerExecution} operations in one execution. Split the work into child executions (InvokeAsync) or batch items inside steps.");
                }
            }
        }

        if (existing is null || !OperationStatuses.IsTerminal(existing.Status))
        {
            _replaying = false;
        }
        else
        {
            lock (_gate)
            {
                _toReplay.Remove(id);
                if (_toReplay.Count == 0)
                {
                    _replaying = false;
                }
            }
        }

        return existing;
    }

    /// <summary>A completed child context answered from its checkpoint: its own operations will not be visited.</summary>
    public void SkipChildrenOf(string id)
    {
        lock (_gate)
        {
            var parents = new HashSet<string>(StringComparer.Ordinal) { id };
            var found = true;
            while (found)
            {
                found = false;
                foreach (var candidate in _toReplay.ToList())
                {
                    if (State.Get(candidate)?.ParentId is { } parent && parents.Contains(parent))
                    {
                        _toReplay.Remove(candidate);
                        parents.Add(candidate);
                        found = true;
                    }
                }
            }

            if (_toReplay.Count == 0)
            {
                _replaying = false;
            }
        }
    }

    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > DurableLimits.MaxOperationNameLength || name.Any(c => c < 0x20 || c > 0x7E))
        {
            throw new ArgumentException(
                $"An operation name is 1 to {DurableLimits.MaxOperationNameLength} printable ASCII characters; got '{name}'.", nameof(name));
        }
    }

    public static int WholeSeconds(TimeSpan duration, string what)
    {
        if (duration < TimeSpan.FromSeconds(1) || duration > DurableLimits.MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"{what} must be between 1 second and 1 year.");
        }

        return (int)Math.Ceiling(duration.TotalSeconds);
    }
}
