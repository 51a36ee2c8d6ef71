using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// A page of an execution's operations in start order: the envelope's <c>InitialExecutionState</c>, a checkpoint's
/// <c>NewExecutionState</c> and the <c>GetDurableExecutionState</c> response share this shape.
/// </summary>
public sealed class ExecutionStatePage
{
    [JsonPropertyName("Operations")]
    public IList<Operation> Operations { get; set; } = [];

    [JsonPropertyName("NextMarker")]
    public string? NextMarker { get; set; }
}
