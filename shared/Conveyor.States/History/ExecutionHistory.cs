using System.Collections.Concurrent;

namespace Conveyor.States.History;

/// <summary>A thread-safe observer that keeps every event; <see cref="Events"/> returns them in order.</summary>
public sealed class ExecutionHistory : IExecutionObserver
{
    private readonly ConcurrentQueue<HistoryEvent> _events = new();

    public void OnEvent(HistoryEvent historyEvent) => _events.Enqueue(historyEvent);

    public IReadOnlyList<HistoryEvent> Events => _events.OrderBy(e => e.Id).ToList();
}
