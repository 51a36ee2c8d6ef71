using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>ExecutionDetails</c>: the execution's input.</summary>
public sealed class ExecutionDetails
{
    [JsonPropertyName("InputPayload")]
    public string? InputPayload { get; set; }
}
