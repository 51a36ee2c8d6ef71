using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Jsonata;

/// <summary>
/// Value model of the evaluator: <see cref="Undefined"/>, null, string, double, bool, JsonObject/JsonArray (data),
/// <see cref="JsonataSequence"/>/List (computed arrays), Dictionary (constructed objects), <see cref="JsonataFunction"/>.
/// </summary>
internal static class JsonataValues
{
    public static readonly object Undefined = new UndefinedValue();

    public static bool IsUndefined(object? value) => ReferenceEquals(value, Undefined);

    public static object? FromNode(JsonNode? node)
    {
        if (node is not JsonValue v) { return node; }
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonUtil.TryGetNumber(v, out var d) ? d : 0d,
            _ => null,
        };
    }

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        double d => JsonUtil.Number(d),
        bool b => JsonValue.Create(b),
        // Data nodes belong to the state input, a variable or a result that other expressions and iterations share:
        // a result is always a copy, never the shared node itself.
        JsonNode n => n.DeepClone(),
        IDictionary<string, object?> dict => ToObject(dict),
        IList<object?> list => new JsonArray(list.Where(i => !IsUndefined(i)).Select(ToNode).ToArray()),
        JsonataFunction => null,
        _ when IsUndefined(value) => null,
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>A node to read only (serialize, compare): data nodes as they are, computed values converted.</summary>
    private static JsonNode? ReadOnlyNode(object? value) => value as JsonNode ?? ToNode(value);

    private static JsonObject ToObject(IDictionary<string, object?> dict)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in dict)
        {
            if (!IsUndefined(value)) { obj[key] = ToNode(value); }
        }

        return obj;
    }

    public static bool IsArray(object? value) => value is JsonArray or IList<object?>;

    public static IReadOnlyList<object?> AsList(object? value) => value switch
    {
        IList<object?> list => (IReadOnlyList<object?>)list,
        JsonArray array => array.Select(FromNode).ToList(),
        _ when IsUndefined(value) => [],
        _ => [value],
    };

    public static bool IsObject(object? value) => value is JsonObject or IDictionary<string, object?>;

    public static bool TryGetField(object? value, string name, out object? field)
    {
        switch (value)
        {
            case JsonObject obj when obj.TryGetPropertyValue(name, out var node):
                field = FromNode(node);
                return true;
            case IDictionary<string, object?> dict when dict.TryGetValue(name, out field):
                return !IsUndefined(field);
            default:
                field = Undefined;
                return false;
        }
    }

    public static IEnumerable<KeyValuePair<string, object?>> Fields(object? value) => value switch
    {
        JsonObject obj => obj.Select(p => new KeyValuePair<string, object?>(p.Key, FromNode(p.Value))),
        IDictionary<string, object?> dict => dict,
        _ => [],
    };

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        JsonArray or IList<object?> => AsList(value).Any(Truthy),
        JsonObject o => o.Count > 0,
        IDictionary<string, object?> d => d.Count > 0,
        JsonataFunction => true,
        _ => false,
    };

    public static string Stringify(object? value)
    {
        return value switch
        {
            string s => s,
            double d => FormatNumber(d),
            bool b => b ? "true" : "false",
            null => "null",
            _ => JsonUtil.ToJson(ReadOnlyNode(value)),
        };
    }

    public static string FormatNumber(double d)
    {
        if (Math.Abs(d) < 1e15 && Math.Floor(d) == d) { return ((long)d).ToString(CultureInfo.InvariantCulture); }
        var r = double.Parse(d.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return r.ToString("R", CultureInfo.InvariantCulture);
    }

    public static bool DeepEquals(object? a, object? b)
    {
        if (IsUndefined(a) || IsUndefined(b)) { return false; }
        return (a, b) switch
        {
            (double x, double y) => x == y,
            (string x, string y) => x == y,
            (bool x, bool y) => x == y,
            (null, null) => true,
            _ when IsArray(a) && IsArray(b) => AsList(a).Count == AsList(b).Count && AsList(a).Zip(AsList(b)).All(p => DeepEquals(p.First, p.Second)),
            _ when IsObject(a) && IsObject(b) => JsonUtil.DeepEquals(ReadOnlyNode(a), ReadOnlyNode(b)),
            _ => false,
        };
    }

    private sealed class UndefinedValue
    {
        public override string ToString() => "undefined";
    }
}
