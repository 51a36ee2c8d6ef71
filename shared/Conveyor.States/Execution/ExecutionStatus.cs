namespace Conveyor.States.Execution;

/// <summary>The final status of an execution.</summary>
public enum ExecutionStatus
{
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}
