namespace Conveyor.Local.Engine.Status;

/// <summary>Subtask counts of one step-function task: for progress bars.</summary>
public sealed record WorkflowProgress(string Id, string Name, string Status, int Total, int Completed, int Failed, int Running)
{
    public int Ended => Completed + Failed;
}
