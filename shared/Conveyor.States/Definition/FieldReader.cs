using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Json;
using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.Definition;

/// <summary>Reads and compiles the fields of one JSON object, collecting problems with a location prefix.</summary>
internal sealed class FieldReader(JsonObject obj, string location, List<string> problems)
{
    public JsonObject Object { get; } = obj;

    public string Location { get; } = location;

    public void Problem(string message) => problems.Add($"{Location}: {message}");

    public List<string> Problems => problems;

    public bool Has(string field) => Object.ContainsKey(field);

    public JsonNode? Raw(string field) => Object.TryGetPropertyValue(field, out var v) ? v : null;

    public string? String(string field, bool required = false)
    {
        if (!Object.TryGetPropertyValue(field, out var node))
        {
            if (required) { Problem($"missing required field '{field}'"); }
            return null;
        }

        var s = JsonUtil.GetString(node);
        if (s is null) { Problem($"'{field}' must be a string"); }
        return s;
    }

    public bool Bool(string field)
    {
        var node = Raw(field);
        if (node is null) { return false; }
        if (!JsonUtil.IsBoolean(node)) { Problem($"'{field}' must be a boolean"); return false; }
        return node.GetValue<bool>();
    }

    public double? Number(string field, double? min = null)
    {
        var node = Raw(field);
        if (!Has(field)) { return null; }
        if (!JsonUtil.TryGetNumber(node, out var value)) { Problem($"'{field}' must be a number"); return null; }
        if (min is { } m && value < m) { Problem($"'{field}' must be at least {m}"); }
        return value;
    }

    /// <summary>A path field: absent → null; JSON null → <paramref name="isNull"/>.</summary>
    public JsonPath? Path(string field, out bool isNull, bool reference = false)
    {
        isNull = false;
        if (!Object.TryGetPropertyValue(field, out var node)) { return null; }
        if (node is null) { isNull = true; return null; }
        if (JsonUtil.GetString(node) is not { } text) { Problem($"'{field}' must be a path string or null"); return null; }
        if (!JsonPath.TryParse(text, out var path, out var error)) { Problem($"'{field}': {error}"); return null; }
        if (reference && !path!.IsDefinite) { Problem($"'{field}' must be a reference path (no wildcards, filters or slices): '{text}'"); }
        return path;
    }

    public JsonPath? Path(string field, bool reference = false) => Path(field, out _, reference);

    public PayloadTemplate? Payload(string field) =>
        Has(field) ? PayloadTemplate.Compile(Raw(field), $"{Location}: {field}", problems) : null;

    public JsonataTemplate? Jsonata(string field) =>
        Has(field) ? JsonataTemplate.Compile(Raw(field), $"{Location}: {field}", problems) : null;

    /// <summary>A number-or-template field (e.g. TimeoutSeconds, Seconds): static numbers are checked now.</summary>
    public JsonataTemplate? NumberOrTemplate(string field, bool jsonata, double min)
    {
        if (!Has(field)) { return null; }
        var node = Raw(field);
        if (JsonUtil.GetString(node) is { } s && JsonataExpression.IsTemplate(s, out _))
        {
            if (!jsonata) { Problem($"'{field}' uses a JSONata expression but the state's QueryLanguage is JSONPath"); }
            return Jsonata(field);
        }

        if (!JsonUtil.TryGetNumber(node, out var value) || node!.GetValueKind() != JsonValueKind.Number) { Problem($"'{field}' must be a number"); }
        else if (value < min) { Problem($"'{field}' must be at least {min}"); }
        return Jsonata(field);
    }

    public JsonObject? ObjectField(string field)
    {
        if (!Has(field)) { return null; }
        if (Raw(field) is JsonObject o) { return o; }
        Problem($"'{field}' must be an object");
        return null;
    }
}
