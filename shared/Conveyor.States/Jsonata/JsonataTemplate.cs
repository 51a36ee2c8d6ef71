using System.Text.Json.Nodes;
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

    public JsonNode? Evaluate(JsonataScope scope, string field) => Evaluate(scope, field, out _);

    private JsonNode? Evaluate(JsonataScope scope, string field, out bool defined)
    {
        defined = true;
        if (_expression is not null) { return _expression.Evaluate(scope, field, out defined); }
        if (_properties is not null)
        {
            var obj = new JsonObject();
            foreach (var (key, template) in _properties)
            {
                var value = template.Evaluate(scope, field, out var isDefined);
                if (isDefined) { obj[key] = value; }
            }

            return obj;
        }

        if (_items is not null)
        {
            var array = new JsonArray();
            foreach (var item in _items)
            {
                var value = item.Evaluate(scope, field, out var isDefined);
                if (isDefined) { array.Add(value); }
            }

            return array;
        }

        return JsonUtil.Clone(_static);
    }
}
