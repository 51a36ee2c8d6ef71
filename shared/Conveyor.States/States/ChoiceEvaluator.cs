using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Json;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Evaluates JSONPath Choice rules: comparisons (and their Path forms), type tests, And/Or/Not.</summary>
internal static class ChoiceEvaluator
{
    public static bool Evaluate(ChoiceRuleDefinition rule, PathContext pc)
    {
        if (rule.And is not null) { return rule.And.All(r => Evaluate(r, pc)); }
        if (rule.Or is not null) { return rule.Or.Any(r => Evaluate(r, pc)); }
        if (rule.Not is not null) { return !Evaluate(rule.Not, pc); }

        var op = rule.Operator!;
        var present = pc.TryResolve(rule.Variable!, out var value);
        if (op == "IsPresent") { return present == Flag(rule); }
        if (!present)
        {
            // Type tests on a missing variable are false (not an error); comparisons fail like AWS does.
            if (op.StartsWith("Is", StringComparison.Ordinal)) { return false; }
            pc.Resolve(rule.Variable!, "Variable");
        }

        switch (op)
        {
            case "IsNull": return (value is null) == Flag(rule);
            case "IsNumeric": return JsonUtil.IsNumber(value) == Flag(rule);
            case "IsString": return JsonUtil.IsString(value) == Flag(rule);
            case "IsBoolean": return JsonUtil.IsBoolean(value) == Flag(rule);
            case "IsTimestamp": return (JsonUtil.GetString(value) is { } t && Timestamps.TryParse(t, out _)) == Flag(rule);
        }

        var operand = rule.OperandIsPath ? pc.Resolve(rule.OperandPath!, op + "Path") : rule.Operand;
        if (op == "StringMatches")
        {
            return JsonUtil.GetString(value) is { } s && JsonUtil.GetString(operand) is { } pattern && Matches(s, pattern);
        }

        if (op.StartsWith("String", StringComparison.Ordinal))
        {
            return JsonUtil.GetString(value) is { } a && JsonUtil.GetString(operand) is { } b && Compare(op["String".Length..], string.CompareOrdinal(a, b));
        }

        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            return JsonUtil.TryGetNumber(value, out var a) && JsonUtil.TryGetNumber(operand, out var b) && Compare(op["Numeric".Length..], a.CompareTo(b));
        }

        if (op == "BooleanEquals")
        {
            return JsonUtil.IsBoolean(value) && JsonUtil.IsBoolean(operand) && value!.GetValue<bool>() == operand!.GetValue<bool>();
        }

        return JsonUtil.GetString(value) is { } x && Timestamps.TryParse(x, out var ta)
            && JsonUtil.GetString(operand) is { } y && Timestamps.TryParse(y, out var tb)
            && Compare(op["Timestamp".Length..], ta.CompareTo(tb));
    }

    private static bool Flag(ChoiceRuleDefinition rule) => rule.Operand?.GetValue<bool>() ?? true;

    private static bool Compare(string relation, int cmp) => relation switch
    {
        "Equals" => cmp == 0,
        "LessThan" => cmp < 0,
        "GreaterThan" => cmp > 0,
        "LessThanEquals" => cmp <= 0,
        _ => cmp >= 0,
    };

    /// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literals.</summary>
    public static bool Matches(string text, string pattern)
    {
        var tokens = new List<(char C, bool Wild)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length) { tokens.Add((pattern[++i], false)); }
            else { tokens.Add((pattern[i], pattern[i] == '*')); }
        }

        // Iterative wildcard match with backtracking to the last '*'.
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].Wild && tokens[p].C == text[t]) { t++; p++; }
            else if (p < tokens.Count && tokens[p].Wild) { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else { return false; }
        }

        while (p < tokens.Count && tokens[p].Wild) { p++; }
        return p == tokens.Count;
    }

}
