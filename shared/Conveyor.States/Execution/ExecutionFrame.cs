namespace Conveyor.States.Execution;

/// <summary>Where a state runs: the execution, the variable scope, and the Map item / Parallel branch when nested.</summary>
internal sealed record ExecutionFrame(ExecutionRun Run, VariableScope Variables, MapItemInfo? MapItem, int? BranchIndex, CancellationToken CancellationToken)
{
    public ContextObject CreateContext(string stateName) => new()
    {
        Execution = Run.Info,
        StateName = stateName,
        EnteredTime = Run.Clock.GetUtcNow(),
        MapItem = MapItem,
    };
}
