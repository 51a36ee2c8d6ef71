using System.Text.Json.Serialization;

namespace Conveyor.Functions.StateMachine;

/// <summary>The error object a Catch puts at its ResultPath: <c>{"Error":"…","Cause":"…"}</c>.</summary>
public sealed record StepFunctionsError
{
    [JsonPropertyName("Error")]
    public string Error { get; set; } = "";

    [JsonPropertyName("Cause")]
    public string? Cause { get; init; }
}
