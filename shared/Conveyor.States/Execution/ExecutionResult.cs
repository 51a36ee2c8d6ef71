using System.Text.Json.Nodes;

namespace Conveyor.States.Execution;

/// <summary>The result of an execution: output when it succeeded, error and cause otherwise.</summary>
public sealed record ExecutionResult(ExecutionStatus Status, JsonNode? Output, string? Error = null, string? Cause = null)
{
    public bool Succeeded => Status == ExecutionStatus.Succeeded;

    /// <summary>The status in Step Functions' spelling: SUCCEEDED, FAILED, TIMED_OUT, ABORTED.</summary>
    public string StatusName => Status switch
    {
        ExecutionStatus.Succeeded => "SUCCEEDED",
        ExecutionStatus.Failed => "FAILED",
        ExecutionStatus.TimedOut => "TIMED_OUT",
        _ => "ABORTED",
    };
}
