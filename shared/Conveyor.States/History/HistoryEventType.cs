namespace Conveyor.States.History;

/// <summary>Execution history event types (named as in Step Functions' GetExecutionHistory).</summary>
public enum HistoryEventType
{
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionTimedOut,
    ExecutionAborted,
    StateEntered,
    StateExited,
    TaskScheduled,
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    TaskRetryScheduled,
    WaitStarted,
    WaitEnded,
    ChoiceMatched,
    ParallelStateStarted,
    ParallelBranchStarted,
    ParallelBranchSucceeded,
    ParallelBranchFailed,
    MapStateStarted,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapStateSucceeded,
    MapStateFailed,
    CatchMatched,
}
