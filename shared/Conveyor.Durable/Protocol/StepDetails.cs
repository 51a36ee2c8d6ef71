using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>StepDetails</c>: result or error, attempts made, when the next attempt may run.</summary>
public sealed class StepDetails
{
    [JsonPropertyName("Result")]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }

    [JsonPropertyName("Attempt")]
    public int? Attempt { get; set; }

    [JsonPropertyName("NextAttemptTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? NextAttemptTimestamp { get; set; }
}
