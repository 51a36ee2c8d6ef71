using System.Text.Json.Nodes;
using Conveyor.States.Intrinsics;
using Conveyor.States.Json;

namespace Conveyor.States.Paths;

/// <summary>
/// A compiled JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign): static values are copied,
/// keys ending in <c>.$</c> take a path or an intrinsic function result.
/// </summary>
internal sealed class PayloadTemplate
{
    private readonly Entry[]? _entries;
    private readonly PayloadTemplate?[]? _items;
    private readonly JsonNode? _static;

    private PayloadTemplate(Entry[]? entries, PayloadTemplate?[]? items, JsonNode? staticValue)
    {
        _entries = entries;
        _items = items;
        _static = staticValue;
    }

    /// <summary>Compiles a template, adding problems for bad paths or intrinsic calls.</summary>
    public static PayloadTemplate Compile(JsonNode? template, string fieldName, List<string> problems)
    {
        switch (template)
        {
            case JsonObject obj:
                var entries = new List<Entry>();
                foreach (var (key, value) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        var name = key[..^2];
                        if (JsonUtil.GetString(value) is not { } expression)
                        {
                            problems.Add($"{fieldName}: the value of '{key}' must be a path or intrinsic function string");
                            continue;
                        }

                        entries.Add(CompileDynamic(name, key, expression, fieldName, problems));
                    }
                    else
                    {
                        entries.Add(new Entry(key, key, null, null, Compile(value, fieldName, problems)));
                    }
                }

                return new PayloadTemplate(entries.ToArray(), null, null);
            case JsonArray array:
                return new PayloadTemplate(null, array.Select(i => i is JsonObject or JsonArray ? Compile(i, fieldName, problems) : null).ToArray(), array);
            default:
                return new PayloadTemplate(null, null, template);
        }
    }

    private static Entry CompileDynamic(string name, string key, string expression, string fieldName, List<string> problems)
    {
        if (IntrinsicParser.IsIntrinsic(expression))
        {
            if (IntrinsicParser.TryParse(expression, out var call, out var error)) { return new Entry(name, key, null, call, null); }
            problems.Add($"{fieldName}: {error}");
        }
        else if (JsonPath.TryParse(expression, out var path, out var error))
        {
            return new Entry(name, key, path, null, null);
        }
        else
        {
            problems.Add($"{fieldName}: field '{key}': {error}");
        }

        return new Entry(name, key, null, null, null);
    }

    public JsonNode? Evaluate(PathContext context)
    {
        if (_entries is not null)
        {
            var result = new JsonObject();
            foreach (var entry in _entries)
            {
                result[entry.Name] = entry switch
                {
                    { Path: { } path } => JsonUtil.Clone(context.Resolve(path, entry.Key)),
                    { Call: { } call } => JsonUtil.Own(call.Evaluate(context, entry.Key)),
                    { Nested: { } nested } => nested.Evaluate(context),
                    _ => null,
                };
            }

            return result;
        }

        if (_items is not null)
        {
            var array = (JsonArray)_static!;
            var result = new JsonArray();
            for (var i = 0; i < _items.Length; i++)
            {
                result.Add(_items[i] is { } nested ? nested.Evaluate(context) : JsonUtil.Clone(array[i]));
            }

            return result;
        }

        return JsonUtil.Clone(_static);
    }

    /// <summary>Evaluates an Assign template into name/value pairs (without applying them).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> EvaluateAssignments(PathContext context)
    {
        var obj = Evaluate(context) as JsonObject ?? [];
        var list = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
        foreach (var pair in obj.ToList())
        {
            obj.Remove(pair.Key);
            list.Add(pair);
        }

        return list;
    }

    private sealed record Entry(string Name, string Key, JsonPath? Path, IntrinsicCall? Call, PayloadTemplate? Nested);
}
