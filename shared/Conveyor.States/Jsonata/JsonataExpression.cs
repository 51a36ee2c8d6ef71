using System.Text.Json.Nodes;
using Conveyor.States.Errors;

namespace Conveyor.States.Jsonata;

/// <summary>A compiled JSONata expression (the text between <c>{%</c> and <c>%}</c>).</summary>
public sealed class JsonataExpression
{
    private readonly JsonataNode _root;
    private readonly bool _needsContext;

    private JsonataExpression(string text, JsonataNode root)
    {
        Text = text;
        _root = root;
        _needsContext = text.Contains("context", StringComparison.Ordinal) || text.Contains("$states", StringComparison.Ordinal) && !text.Contains("$states.", StringComparison.Ordinal);
    }

    public string Text { get; }

    public static JsonataExpression Parse(string text) => new(text, JsonataParser.Parse(text));

    public static bool TryParse(string text, out JsonataExpression? expression, out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (JsonataException ex)
        {
            expression = null;
            error = $"Invalid JSONata expression '{text}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Returns true when the text is a whole <c>{% ... %}</c> template string; gives the inner expression.</summary>
    public static bool IsTemplate(string text, out string inner)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 4 && trimmed.StartsWith("{%", StringComparison.Ordinal) && trimmed.EndsWith("%}", StringComparison.Ordinal))
        {
            inner = trimmed[2..^2].Trim();
            return true;
        }

        inner = string.Empty;
        return false;
    }

    /// <summary>Evaluates against a scope; undefined comes back as <paramref name="defined"/> = false.</summary>
    internal JsonNode? Evaluate(JsonataScope scope, string field, out bool defined)
    {
        try
        {
            var value = JsonataEvaluator.Evaluate(_root, JsonataValues.FromNode(scope.Input), scope.CreateFrame(_needsContext));
            defined = !JsonataValues.IsUndefined(value);
            return JsonataValues.ToNode(value);
        }
        catch (JsonataException ex)
        {
            throw new StatesException(StatesErrorNames.QueryEvaluationError, $"An error occurred while evaluating the JSONata expression in '{field}': {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException or KeyNotFoundException
            or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw new StatesException(StatesErrorNames.QueryEvaluationError, $"An error occurred while evaluating the JSONata expression in '{field}': {ex.Message}");
        }
    }

    /// <summary>Evaluates a standalone expression against a plain input (for tests and tools).</summary>
    public JsonNode? Evaluate(JsonNode? input)
    {
        var frame = new JsonataFrame(null, name => JsonataBuiltins.TryGet(name, out var f) ? f : JsonataValues.Undefined);
        return JsonataValues.ToNode(JsonataEvaluator.Evaluate(_root, JsonataValues.FromNode(input), frame));
    }
}
