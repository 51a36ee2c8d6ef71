using System.Text.Json.Serialization;
using Conveyor.Lambda.Events.StepFunctions;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// What the state machine's Map passes to MapItem: <c>{"parent":{"pk","sk"},"index":n}</c>, plus <c>"failure"</c>
/// (<c>{"Error","Cause"}</c>) from the RecordSubTaskFailure step once retries are exhausted.
/// </summary>
public sealed record MapItemRequest
{
    [JsonPropertyName("parent")]
    public required TaskKeyPayload Parent { get; init; }

    [JsonPropertyName("index")]
    public required int Index { get; init; }

    [JsonPropertyName("failure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepFunctionsError? Failure { get; init; }
}
