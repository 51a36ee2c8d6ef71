using System.Text.Json;

namespace Conveyor.Core.Serialization;

/// <summary>Strict readers for hand-written JSON shapes: every failure names the shape and the property.</summary>
internal static class JsonRead
{
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8, string shape)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {shape} is not valid JSON: {ex.Message}", ex);
        }
    }

    public static JsonDocument ParseDocument(string json, string shape)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {shape} is not valid JSON: {ex.Message}", ex);
        }
    }

    public static void EnsureObject(JsonElement element, string shape)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The {shape} must be a JSON object; got {Describe(element.ValueKind)}.");
        }
    }

    public static JsonElement Required(JsonElement element, string name, string shape) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Undefined
            ? value
            : throw new FormatException($"The {shape} has no '{name}' property.");

    public static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static string RequiredString(JsonElement element, string name, string shape)
    {
        var value = Required(element, name, shape);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"The {shape} property '{name}' must be a non-empty string; got {Describe(value.ValueKind)}.");
    }

    public static string? OptionalString(JsonElement element, string name, string shape) =>
        Optional(element, name) is not { } value
            ? null
            : value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new FormatException($"The {shape} property '{name}' must be a string; got {Describe(value.ValueKind)}.");

    public static long RequiredInt64(JsonElement element, string name, string shape)
    {
        var value = Required(element, name, shape);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FormatException($"The {shape} property '{name}' must be an integer; got {Describe(value.ValueKind)}.");
    }

    public static int RequiredInt32(JsonElement element, string name, string shape)
    {
        var number = RequiredInt64(element, name, shape);
        return number is >= 0 and <= int.MaxValue
            ? (int)number
            : throw new FormatException($"The {shape} property '{name}' must be a non-negative 32-bit integer; got {number}.");
    }

    public static DateTimeOffset RequiredTimestamp(JsonElement element, string name, string shape)
    {
        var text = RequiredString(element, name, shape);
        try
        {
            return TaskTimestamps.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The {shape} property '{name}': {ex.Message}", ex);
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
