using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;

namespace Conveyor.States.Jsonata;

/// <summary>A JSON value whose strings may be <c>{% expression %}</c> templates (Arguments, Output, Assign, ...).</summary>
internal sealed class JsonataTemplate
{
    private readonly JsonNode? _static;
    private readonly JsonataExpression? _expression;
    private readonly KeyValuePair<string, JsonataTemplate>[]? _properties;
    private readonly JsonataTemplate[]? _items;

    private JsonataTemplate(JsonNode? staticValue, JsonataExpression? expression, KeyValuePair<string, JsonataTemplate>[]? properties, JsonataTemplate[]? items)
    {
        _static = staticValue;
        _expression = expression;
        _properties = properties;
        _items = items;
    }

    public bool IsStatic => _expression is null && _properties is null && _items is null;

    public static JsonataTemplate Compile(JsonNode? node, string field, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                return new JsonataTemplate(null, null, obj.Select(p => new KeyValuePair<string, JsonataTemplate>(p.Key, Compile(p.Value, field, problems))).ToArray(), null);
            case JsonArray arr:
                return new JsonataTemplate(null, null, null, arr.Select(i => Compile(i, field, problems)).ToArray());
            default:
                if (JsonUtil.GetString(node) is { } text && JsonataExpression.IsTemplate(text, out var inner))
                {
                    if (JsonataExpression.TryParse(inner, out var expression, out var error)) { return new JsonataTemplate(null, expression, null, null); }
                    problems.Add($"{field}: {error}");
                }

                return new JsonataTemplate(node?.DeepClone(), null, null, null);
        }
    }

    /// <summary>
    /// Evaluates the template. An expression whose result is undefined fails with States.QueryEvaluationError naming the
    /// field as Step Functions does (<c>Arguments/Input/pushLocation</c>, <c>Output/items[0]</c>): AWS never drops it.
    /// </summary>
    public JsonNode? Evaluate(JsonataScope scope, string field)
    {
        if (_expression is not null)
        {
            var value = _expression.Evaluate(scope, field, out var defined);
            return defined ? value : throw new StatesException(StatesErrorNames.QueryEvaluationError,
                $"The JSONata expression '{_expression.Text}' specified for the field '{field}' returned nothing (undefined).");
        }

        if (_properties is not null)
        {
            var obj = new JsonObject();
            foreach (var (key, template) in _properties) { obj[key] = template.Evaluate(scope, field + "/" + key); }
            return obj;
        }

        if (_items is not null)
        {
            var array = new JsonArray();
            for (var i = 0; i < _items.Length; i++) { array.Add(_items[i].Evaluate(scope, $"{field}[{i}]")); }
            return array;
        }

        return JsonUtil.Clone(_static);
    }
}
