using System.Collections.Concurrent;
using Conveyor.States.History;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// Follows the state machine executions this engine runs, for the dashboard's graph: the workflow loop opens a view per
/// run (<see cref="Begin"/>) and the interpreter's history events, which carry no execution name, reach the view of the
/// run they belong to through an async-local (Map iterations run on child tasks, which inherit it). Views live in
/// memory: after a restart a re-run execution is followed again, and an execution that ended before shows only its task's status.
/// </summary>
public sealed class ExecutionTracker : IExecutionObserver
{
    /// <summary>How many ended executions stay viewable (the oldest ended ones are dropped first).</summary>
    public const int Capacity = 500;

    private static readonly AsyncLocal<ExecutionView?> Current = new();
    private readonly ConcurrentDictionary<string, ExecutionView> _byTask = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ExecutionTracker(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Starts following the execution of <paramref name="taskId"/> on the calling async flow (call from the method that runs it).</summary>
    public void Begin(string taskId, string executionName)
    {
        var view = new ExecutionView(executionName, _time.GetUtcNow());
        _byTask[taskId] = view;
        Current.Value = view;
        if (_byTask.Count > Capacity)
        {
            foreach (var (id, _) in _byTask.Where(p => p.Value.Ended).OrderBy(p => p.Value.StartedAt).Take(_byTask.Count - Capacity).ToList())
            {
                _byTask.TryRemove(id, out _);
            }
        }
    }

    public void OnEvent(HistoryEvent historyEvent)
    {
        ArgumentNullException.ThrowIfNull(historyEvent);
        Current.Value?.Apply(historyEvent);
    }

    /// <summary>The latest execution of a step-function task this engine ran or runs, or null.</summary>
    public ExecutionSnapshot? Find(string taskId) => _byTask.TryGetValue(taskId, out var view) ? view.Snapshot() : null;
}
