using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>The answer to <c>CheckpointDurableExecution</c>: the next (single-use) token and what changed.</summary>
public sealed class CheckpointResponse
{
    [JsonPropertyName("CheckpointToken")]
    public string CheckpointToken { get; set; } = string.Empty;

    [JsonPropertyName("NewExecutionState")]
    public ExecutionStatePage? NewExecutionState { get; set; }
}
