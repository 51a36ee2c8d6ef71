using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conveyor.States.Json;

/// <summary>Small helpers over System.Text.Json nodes: ownership, numbers, equality, serialization.</summary>
internal static class JsonUtil
{
    private static readonly JsonSerializerOptions CompactOptions = new() { WriteIndented = false };

    /// <summary>A node can have one parent only: clone when the node already belongs to a tree.</summary>
    public static JsonNode? Own(JsonNode? node) => node is null || node.Parent is null ? node : node.DeepClone();

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool IsNumber(JsonNode? node) => node is JsonValue && node.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue && node.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) =>
        node is JsonValue && node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out double d)) { value = d; return true; }
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out decimal m)) { value = (double)m; return true; }
        if (v.TryGetValue(out float f)) { value = f; return true; }
        if (v.TryGetValue(out JsonElement e) && e.TryGetDouble(out d)) { value = d; return true; }
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static string? GetString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonNode Number(double value)
    {
        if (Math.Abs(value) < 9e15 && Math.Floor(value) == value)
        {
            return JsonValue.Create((long)value);
        }

        return JsonValue.Create(value);
    }

    public static string ToJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(CompactOptions);

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });

    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count) { return false; }
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other)) { return false; }
                }
                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count) { return false; }
                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i])) { return false; }
                }
                return true;
            case JsonValue:
                if (TryGetNumber(a, out var na) && TryGetNumber(b, out var nb)) { return na == nb; }
                var ka = a.GetValueKind();
                if (ka != b.GetValueKind()) { return false; }
                return ka == JsonValueKind.String ? GetString(a) == GetString(b) : ka == b.GetValueKind();
            default:
                return false;
        }
    }

    public static string TypeName(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>Touches every node so lazily parsed trees are fully built (JsonNode is not safe for concurrent first reads).</summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) { Materialize(value); }
                break;
            case JsonArray array:
                foreach (var item in array) { Materialize(item); }
                break;
        }
    }
}
