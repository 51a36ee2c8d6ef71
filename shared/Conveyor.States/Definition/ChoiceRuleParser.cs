using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Definition;

/// <summary>Parses Choice rules (JSONPath comparisons with And/Or/Not, or JSONata Conditions).</summary>
internal static class ChoiceRuleParser
{
    private static readonly string[] Comparisons =
    [
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
    ];

    public static List<ChoiceRuleDefinition> ParseChoices(FieldReader r, bool jsonata)
    {
        var rules = new List<ChoiceRuleDefinition>();
        if (r.Raw("Choices") is not JsonArray array || array.Count == 0)
        {
            r.Problem("'Choices' must be a non-empty array");
            return rules;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (Parse(array[i], $"{r.Location} Choices[{i}]", r.Problems, jsonata, topLevel: true) is { } rule) { rules.Add(rule); }
        }

        return rules;
    }

    private static ChoiceRuleDefinition? Parse(JsonNode? node, string location, List<string> problems, bool jsonata, bool topLevel)
    {
        if (node is not JsonObject obj)
        {
            problems.Add($"{location}: a choice rule must be an object");
            return null;
        }

        var r = new FieldReader(obj, location, problems);
        var next = r.String("Next");
        if (topLevel && next is null) { r.Problem("a top-level choice rule needs 'Next'"); }
        if (!topLevel && (next is not null || r.Has("Assign") || r.Has("Output"))) { r.Problem("a nested choice rule cannot have 'Next', 'Assign' or 'Output'"); }

        if (jsonata)
        {
            foreach (var (field, _) in obj)
            {
                if (field is not ("Condition" or "Next" or "Assign" or "Output" or "Comment")) { r.Problem($"field '{field}' is not allowed in a JSONata choice rule (use 'Condition')"); }
            }

            if (!r.Has("Condition")) { r.Problem("a JSONata choice rule needs 'Condition'"); }
            return new ChoiceRuleDefinition { Condition = r.Jsonata("Condition"), Next = next, AssignJsonata = StateParser.AssignTemplate(r), Output = r.Jsonata("Output") };
        }

        if (r.Has("Condition") || r.Has("Output")) { r.Problem("'Condition' and 'Output' require QueryLanguage JSONata"); }
        var assign = StateParser.Assign(r);
        if (r.Has("And") || r.Has("Or"))
        {
            var key = r.Has("And") ? "And" : "Or";
            if (r.Raw(key) is not JsonArray children || children.Count == 0)
            {
                r.Problem($"'{key}' must be a non-empty array of rules");
                return null;
            }

            var list = children.Select((c, i) => Parse(c, $"{location} {key}[{i}]", problems, jsonata, false)).OfType<ChoiceRuleDefinition>().ToList();
            return key == "And"
                ? new ChoiceRuleDefinition { And = list, Next = next, AssignPath = assign }
                : new ChoiceRuleDefinition { Or = list, Next = next, AssignPath = assign };
        }

        if (r.Has("Not"))
        {
            return new ChoiceRuleDefinition { Not = Parse(r.Raw("Not"), $"{location} Not", problems, jsonata, false), Next = next, AssignPath = assign };
        }

        var operators = obj.Select(p => p.Key).Where(k => Comparisons.Contains(k) || (k.EndsWith("Path", StringComparison.Ordinal) && Comparisons.Contains(k[..^4]) && k != "StringMatchesPath")).ToList();
        if (operators.Count != 1)
        {
            r.Problem(operators.Count == 0 ? "no comparison operator (e.g. StringEquals, NumericLessThan, IsPresent, And, Or, Not)" : "more than one comparison operator");
            return null;
        }

        foreach (var (field, _) in obj)
        {
            if (field is not ("Variable" or "Next" or "Assign" or "Comment") && field != operators[0]) { r.Problem($"field '{field}' is not allowed in a choice rule"); }
        }

        var variable = r.Path("Variable");
        if (variable is null) { r.Problem("a comparison needs 'Variable'"); }
        var op = operators[0];
        var isPath = op.EndsWith("Path", StringComparison.Ordinal);
        var name = isPath ? op[..^4] : op;
        var operand = r.Raw(op);
        if (isPath) { return new ChoiceRuleDefinition { Variable = variable, Operator = name, OperandIsPath = true, OperandPath = r.Path(op), Next = next, AssignPath = assign }; }
        CheckOperand(r, name, operand);
        return new ChoiceRuleDefinition { Variable = variable, Operator = name, Operand = operand?.DeepClone(), Next = next, AssignPath = assign };
    }

    private static void CheckOperand(FieldReader r, string op, JsonNode? operand)
    {
        var kind = JsonUtil.Kind(operand);
        var ok = op switch
        {
            _ when op.StartsWith("Is", StringComparison.Ordinal) => kind is JsonValueKind.True or JsonValueKind.False,
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) => kind == JsonValueKind.Number,
            "BooleanEquals" => kind is JsonValueKind.True or JsonValueKind.False,
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) => kind == JsonValueKind.String && Execution.Timestamps.TryParse(JsonUtil.GetString(operand)!, out _),
            _ => kind == JsonValueKind.String,
        };
        if (!ok) { r.Problem($"the value of '{op}' has the wrong type ({JsonUtil.ToJson(operand)})"); }
    }
}
