using System.Text.Json.Serialization;

namespace Conveyor.Functions.StateMachine;

/// <summary>The ItemBatcher's <c>BatchInput</c> of the subtask Map: <c>{"parent":{"pk","sk"}}</c>, the same for every batch.</summary>
public sealed record MapItemBatchInput
{
    [JsonPropertyName("parent")]
    public TaskKeyPayload? Parent { get; init; }
}
