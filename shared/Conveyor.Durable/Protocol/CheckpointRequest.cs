using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>The body of <c>CheckpointDurableExecution</c> (the ARN travels in the path).</summary>
public sealed class CheckpointRequest
{
    [JsonPropertyName("CheckpointToken")]
    public string CheckpointToken { get; set; } = string.Empty;

    [JsonPropertyName("ClientToken")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientToken { get; set; }

    [JsonPropertyName("Updates")]
    public IList<OperationUpdate> Updates { get; set; } = [];
}
