using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>ChainedInvokeDetails</c>: the invoked function's result or error.</summary>
public sealed class ChainedInvokeDetails
{
    [JsonPropertyName("Result")]
    public string? Result { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }
}
