using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>ContextDetails</c>: a child context's result or error.</summary>
public sealed class ContextDetails
{
    [JsonPropertyName("Result")]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }

    [JsonPropertyName("ReplayChildren")]
    public bool? ReplayChildren { get; set; }
}
