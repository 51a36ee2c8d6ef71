using System.Text.Json.Nodes;
using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.Definition;

/// <summary>A Choice rule: a comparison, a boolean combination, or a JSONata Condition; top-level rules have Next.</summary>
internal sealed class ChoiceRuleDefinition
{
    public JsonPath? Variable { get; init; }

    /// <summary>The comparison operator name, e.g. <c>NumericLessThan</c> (without the Path suffix).</summary>
    public string? Operator { get; init; }

    public bool OperandIsPath { get; init; }

    public JsonNode? Operand { get; init; }

    public JsonPath? OperandPath { get; init; }

    public IReadOnlyList<ChoiceRuleDefinition>? And { get; init; }

    public IReadOnlyList<ChoiceRuleDefinition>? Or { get; init; }

    public ChoiceRuleDefinition? Not { get; init; }

    public JsonataTemplate? Condition { get; init; }

    public string? Next { get; init; }

    public PayloadTemplate? AssignPath { get; init; }

    public JsonataTemplate? AssignJsonata { get; init; }

    public JsonataTemplate? Output { get; init; }
}
