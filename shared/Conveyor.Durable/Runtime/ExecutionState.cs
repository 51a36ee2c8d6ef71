using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

/// <summary>The operations of one execution as this invocation knows them: loaded from the envelope and pages, updated by checkpoint answers.</summary>
internal sealed class ExecutionState
{
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ExecutionState(IEnumerable<Operation>? operations)
    {
        Apply(operations);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _operations.Count;
            }
        }
    }

    public void Apply(IEnumerable<Operation>? operations)
    {
        if (operations is null)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var operation in operations)
            {
                if (!string.IsNullOrEmpty(operation.Id))
                {
                    _operations[operation.Id] = operation;
                }
            }
        }
    }

    /// <summary>UTF-8 bytes of every payload the known operations keep (input, results, errors): what counts against <see cref="DurableLimits.MaxExecutionStateBytes"/>.</summary>
    public long PayloadBytes()
    {
        lock (_gate)
        {
            return _operations.Values.Sum(OperationPayloads.BytesOf);
        }
    }

    public Operation? Get(string id)
    {
        lock (_gate)
        {
            return _operations.GetValueOrDefault(id);
        }
    }

    public Operation? ExecutionOperation()
    {
        lock (_gate)
        {
            return _operations.Values.FirstOrDefault(o => o.Type == OperationTypes.Execution);
        }
    }

    /// <summary>The ids of completed operations (other than the execution): a replay visits them before reaching new work.</summary>
    public HashSet<string> CompletedWorkIds()
    {
        lock (_gate)
        {
            return _operations.Values
                .Where(o => o.Type != OperationTypes.Execution && OperationStatuses.IsTerminal(o.Status))
                .Select(o => o.Id)
                .ToHashSet(StringComparer.Ordinal);
        }
    }
}
