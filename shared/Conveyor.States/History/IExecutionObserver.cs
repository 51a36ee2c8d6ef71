namespace Conveyor.States.History;

/// <summary>Receives history events as they happen. Called concurrently during Map and Parallel states.</summary>
public interface IExecutionObserver
{
    void OnEvent(HistoryEvent historyEvent);
}
