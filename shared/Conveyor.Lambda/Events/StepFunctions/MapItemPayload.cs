using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.StepFunctions;

/// <summary>
/// What the state machine's Map passes to MapItem for one subtask:
/// <c>{"parent":{"pk","sk"},"subTask":{"pk","sk"}}</c>. The subtask row holds the input; the function loads it by key,
/// so the payload stays tiny whatever the subtask's size.
/// </summary>
public sealed record MapItemPayload
{
    [JsonPropertyName("parent")]
    public required TaskKeyPayload Parent { get; init; }

    [JsonPropertyName("subTask")]
    public required TaskKeyPayload SubTask { get; init; }
}
