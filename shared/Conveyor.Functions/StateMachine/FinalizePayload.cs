using System.Text.Json.Serialization;

namespace Conveyor.Functions.StateMachine;

/// <summary>
/// What the state machine passes to the finalize step: <c>{"parent":{"pk","sk"},"error":{"Error","Cause"}}</c>.
/// <see cref="Error"/> is present only when the execution failed (the Catch's <c>$.error</c>); without it the parent's
/// outcome follows from its subtasks (COMPLETED, or FINISHED when some failed).
/// </summary>
public sealed record FinalizePayload
{
    [JsonPropertyName("parent")]
    public required TaskKeyPayload Parent { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepFunctionsError? Error { get; init; }
}
