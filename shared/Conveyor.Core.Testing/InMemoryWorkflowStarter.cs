using System.Collections.Concurrent;
using Conveyor.Core.Ports;

namespace Conveyor.Core.Testing;

/// <summary>Records workflow starts; idempotent per execution name, like Step Functions with a repeated name and input.</summary>
public sealed class InMemoryWorkflowStarter : IWorkflowStarter
{
    private readonly ConcurrentDictionary<string, WorkflowStart> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WorkflowStart> _calls = new();

    /// <summary>Every distinct execution started, by name.</summary>
    public IReadOnlyDictionary<string, WorkflowStart> Started => _started;

    /// <summary>Every call, including repeats.</summary>
    public IReadOnlyList<WorkflowStart> Calls => _calls.ToArray();

    public Task<WorkflowExecution> StartAsync(WorkflowStart request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ExecutionName);
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue(request);
        var first = _started.GetOrAdd(request.ExecutionName, request);
        var alreadyStarted = !ReferenceEquals(first, request);
        if (alreadyStarted && first.TaskKey != request.TaskKey)
        {
            throw new InvalidOperationException(
                $"Execution name '{request.ExecutionName}' already belongs to task {first.TaskKey.Id}, not {request.TaskKey.Id}.");
        }

        return Task.FromResult(new WorkflowExecution($"local:execution:{request.ExecutionName}", request.ExecutionName, alreadyStarted));
    }
}
