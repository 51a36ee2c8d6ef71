namespace Conveyor.Durable.Protocol;

/// <summary>The <c>SubType</c> values the SDKs record, so a console or history shows which construct made an operation.</summary>
public static class OperationSubTypes
{
    public const string Step = "Step";
    public const string Wait = "Wait";
    public const string Callback = "Callback";
    public const string WaitForCallback = "WaitForCallback";
    public const string WaitForCondition = "WaitForCondition";
    public const string ChainedInvoke = "ChainedInvoke";
    public const string Context = "Context";
    public const string Parallel = "Parallel";
    public const string ParallelBranch = "ParallelBranch";
    public const string Map = "Map";
    public const string MapIteration = "MapIteration";
}
