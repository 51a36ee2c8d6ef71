using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>What a durable function answers: SUCCEEDED with a result, FAILED with an error, or PENDING (suspended).</summary>
public sealed class DurableInvocationOutput
{
    [JsonPropertyName("Status")]
    public string Status { get; set; } = InvocationStatuses.Pending;

    [JsonPropertyName("Result")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErrorObject? Error { get; set; }
}
