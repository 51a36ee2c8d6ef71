using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>CallbackDetails</c>: the id handed to the outside world, and what it answered.</summary>
public sealed class CallbackDetails
{
    [JsonPropertyName("CallbackId")]
    public string? CallbackId { get; set; }

    [JsonPropertyName("Result")]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }
}
