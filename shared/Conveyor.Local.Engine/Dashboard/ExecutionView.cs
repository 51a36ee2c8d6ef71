using Conveyor.States.History;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>The mutable, locked record behind an <see cref="ExecutionSnapshot"/>, fed by history events.</summary>
internal sealed class ExecutionView(string executionName, DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int[]> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _itemStates = [];
    private readonly List<string> _visited = [];
    private readonly List<string> _current = [];
    private string _status = "RUNNING";
    private string? _error;
    private string? _cause;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public bool Ended
    {
        get
        {
            lock (_gate) { return _status != "RUNNING"; }
        }
    }

    public void Apply(HistoryEvent e)
    {
        lock (_gate)
        {
            switch (e.Type)
            {
                case HistoryEventType.StateEntered when e.StateName is { } name:
                    Count(name)[0]++;
                    if (e.MapIterationIndex is { } entered) { _itemStates[entered] = name; }
                    else
                    {
                        _current.Add(name);
                        if (!_visited.Contains(name)) { _visited.Add(name); }
                    }

                    break;
                case HistoryEventType.StateExited when e.StateName is { } name:
                    Count(name)[1]++;
                    if (e.MapIterationIndex is { } exited) { _itemStates.Remove(exited); }
                    else { _current.Remove(name); }
                    break;
                case HistoryEventType.TaskFailed or HistoryEventType.TaskTimedOut when e.StateName is { } name:
                    Count(name)[2]++;
                    break;
                case HistoryEventType.CatchMatched when e.StateName is { } name:
                    Count(name)[3]++;
                    break;
                case HistoryEventType.MapIterationSucceeded or HistoryEventType.MapIterationFailed when e.MapIterationIndex is { } ended:
                    _itemStates.Remove(ended);
                    break;
                case HistoryEventType.ExecutionSucceeded:
                    End("SUCCEEDED", null, null);
                    break;
                case HistoryEventType.ExecutionFailed:
                    End("FAILED", e.Error, e.Cause);
                    break;
                case HistoryEventType.ExecutionTimedOut:
                    End("TIMED_OUT", e.Error, e.Cause);
                    break;
                case HistoryEventType.ExecutionAborted:
                    End("ABORTED", e.Error, e.Cause);
                    break;
                default:
                    break;
            }
        }
    }

    public ExecutionSnapshot Snapshot()
    {
        lock (_gate)
        {
            var active = _itemStates.Values.GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var states = _counts.ToDictionary(
                p => p.Key,
                p => new StateCounts(p.Value[0], p.Value[1], active.GetValueOrDefault(p.Key) + _current.Count(c => c == p.Key), p.Value[2], p.Value[3]),
                StringComparer.Ordinal);
            return new ExecutionSnapshot(executionName, _status, StartedAt, [.. _current], [.. _visited], states, _error, _cause);
        }
    }

    private int[] Count(string state)
    {
        if (!_counts.TryGetValue(state, out var counts))
        {
            counts = new int[4];
            _counts[state] = counts;
        }

        return counts;
    }

    private void End(string status, string? error, string? cause)
    {
        _status = status;
        _error = error;
        _cause = cause;
        _current.Clear();
        _itemStates.Clear();
    }
}
