using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>The answer to <c>GetDurableExecution</c>: an execution's identity, status, input and outcome.</summary>
public sealed class DurableExecutionDescription
{
    [JsonPropertyName("DurableExecutionArn")]
    public string DurableExecutionArn { get; set; } = string.Empty;

    [JsonPropertyName("DurableExecutionName")]
    public string? DurableExecutionName { get; set; }

    [JsonPropertyName("FunctionArn")]
    public string? FunctionArn { get; set; }

    [JsonPropertyName("Status")]
    public string Status { get; set; } = string.Empty;

    [JsonPropertyName("InputPayload")]
    public string? InputPayload { get; set; }

    [JsonPropertyName("Result")]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }

    [JsonPropertyName("StartTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? StartTimestamp { get; set; }

    [JsonPropertyName("EndTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? EndTimestamp { get; set; }

    [JsonPropertyName("Version")]
    public string? Version { get; set; }
}
