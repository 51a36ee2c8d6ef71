using System.Text.Json.Serialization;

namespace Conveyor.Functions.StateMachine;

/// <summary>
/// What the state machine's Map passes to MapItem, in one of two shapes:
/// <list type="bullet">
/// <item>one subtask: <c>{"parent":{"pk","sk"},"index":n}</c>, plus <c>"failure"</c> (<c>{"Error","Cause"}</c>) from
/// the RecordSubTaskFailure step once retries are exhausted;</item>
/// <item>a batch, as a distributed Map with an ItemBatcher passes it to its child execution:
/// <c>{"Items":[{"index":n},…],"BatchInput":{"parent":{"pk","sk"}}}</c>, plus <c>"failure"</c> from the
/// RecordBatchFailure step.</item>
/// </list>
/// The subtask rows (<c>parentSk#index</c>) hold the inputs, so the payload stays tiny whatever the subtasks' size.
/// Which shape it is, and whether it is complete, the handler checks (<see cref="IsBatch"/>).
/// </summary>
public sealed record MapItemPayload
{
    [JsonPropertyName("parent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskKeyPayload? Parent { get; init; }

    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; init; }

    [JsonPropertyName("Items")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MapItemBatchItem?>? Items { get; init; }

    [JsonPropertyName("BatchInput")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MapItemBatchInput? BatchInput { get; init; }

    [JsonPropertyName("failure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepFunctionsError? Failure { get; init; }

    /// <summary>The batch shape (<c>Items</c> present).</summary>
    [JsonIgnore]
    public bool IsBatch => Items is not null;
}
