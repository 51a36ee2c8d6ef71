using System.Text.Json.Nodes;
using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.Definition;

/// <summary>A parsed state with its fields compiled (paths, templates, expressions) once at load time.</summary>
internal sealed class StateDefinition
{
    public required string Name { get; init; }

    public required StateType Type { get; init; }

    public required QueryLanguage QueryLanguage { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    // JSONPath processing. A null path with the *IsNull flag means the field was JSON null.
    public JsonPath? InputPath { get; init; }

    public bool InputPathIsNull { get; init; }

    public JsonPath? OutputPath { get; init; }

    public bool OutputPathIsNull { get; init; }

    public JsonPath? ResultPath { get; init; }

    public bool ResultPathIsNull { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public bool HasResult { get; init; }

    public JsonNode? Result { get; init; }

    public PayloadTemplate? AssignPath { get; init; }

    // JSONata processing.
    public JsonataTemplate? Arguments { get; init; }

    public JsonataTemplate? Output { get; init; }

    public JsonataTemplate? AssignJsonata { get; init; }

    public IReadOnlyList<RetrierDefinition> Retry { get; init; } = [];

    public IReadOnlyList<CatcherDefinition> Catch { get; init; } = [];

    // Task.
    public string? Resource { get; init; }

    public JsonataTemplate? TimeoutSeconds { get; init; }

    public JsonPath? TimeoutSecondsPath { get; init; }

    public JsonataTemplate? HeartbeatSeconds { get; init; }

    public JsonPath? HeartbeatSecondsPath { get; init; }

    // Choice.
    public IReadOnlyList<ChoiceRuleDefinition> Choices { get; init; } = [];

    public string? Default { get; init; }

    // Wait.
    public JsonataTemplate? Seconds { get; init; }

    public JsonataTemplate? Timestamp { get; init; }

    public JsonPath? SecondsPath { get; init; }

    public JsonPath? TimestampPath { get; init; }

    // Fail: Error/Cause are plain strings (JSONPath) or templates (JSONata); the *Path forms accept paths or intrinsics.
    public JsonataTemplate? Error { get; init; }

    public JsonataTemplate? Cause { get; init; }

    public PayloadTemplate? ErrorPath { get; init; }

    public PayloadTemplate? CausePath { get; init; }

    // Parallel and Map.
    public IReadOnlyList<StateGraph> Branches { get; init; } = [];

    public MapDefinition? Map { get; init; }

    public bool IsJsonata => QueryLanguage == QueryLanguage.Jsonata;
}
