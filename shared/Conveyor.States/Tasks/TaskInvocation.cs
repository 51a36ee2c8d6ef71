using System.Text.Json.Nodes;

namespace Conveyor.States.Tasks;

/// <summary>
/// One Task invocation handed to an <see cref="ITaskResourceInvoker"/>. <see cref="Input"/> is the effective input
/// (read-only by convention). For <c>lambda:invoke</c>, <see cref="FunctionName"/> and <see cref="Payload"/> are filled in.
/// </summary>
public sealed record TaskInvocation
{
    public required string Resource { get; init; }

    public required TaskResource ParsedResource { get; init; }

    public required JsonNode? Input { get; init; }

    public required string StateName { get; init; }

    public required string ExecutionName { get; init; }

    public required string StateMachineName { get; init; }

    /// <summary>0 for the first attempt, then 1, 2, ... for retries.</summary>
    public int Attempt { get; init; }

    public string? TaskToken { get; init; }

    public string? FunctionName { get; init; }

    public JsonNode? Payload { get; init; }

    /// <summary>Call to report a heartbeat (resets the HeartbeatSeconds timer).</summary>
    public Action Heartbeat { get; init; } = static () => { };
}
