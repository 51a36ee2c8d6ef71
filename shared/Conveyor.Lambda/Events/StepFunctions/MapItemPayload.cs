using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.StepFunctions;

/// <summary>
/// What the state machine's Map passes to MapItem for one subtask: <c>{"parent":{"pk","sk"},"index":n}</c>, plus
/// <c>"failure"</c> (<c>{"Error","Cause"}</c>) from the RecordSubTaskFailure step once retries are exhausted.
/// The subtask row (<c>parentSk#index</c>) holds the input, so the payload stays tiny whatever the subtask's size.
/// </summary>
public sealed record MapItemPayload
{
    [JsonPropertyName("parent")]
    public required TaskKeyPayload Parent { get; init; }

    [JsonPropertyName("index")]
    public required int Index { get; init; }

    [JsonPropertyName("failure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepFunctionsError? Failure { get; init; }
}
