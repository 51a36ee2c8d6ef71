using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>The event Lambda invokes a durable function with.</summary>
public sealed class DurableInvocationInput
{
    [JsonPropertyName("DurableExecutionArn")]
    public string DurableExecutionArn { get; set; } = string.Empty;

    [JsonPropertyName("CheckpointToken")]
    public string CheckpointToken { get; set; } = string.Empty;

    [JsonPropertyName("InitialExecutionState")]
    public ExecutionStatePage? InitialExecutionState { get; set; }
}
