using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>Reads fields of a payload object with errors that name the field and what was expected.</summary>
internal static class PayloadReader
{
    public static string RequiredString(JsonElement obj, string name, string path = "")
    {
        var value = Required(obj, name, path);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            throw Invalid(path + name, "a non-empty string", value);
        }

        return value.GetString()!;
    }

    public static string? OptionalString(JsonElement obj, string name, string path = "")
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(path + name, "a string or null", value);
    }

    public static bool OptionalBool(JsonElement obj, string name, string path = "")
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(path + name, "true or false", value),
        };
    }

    public static JsonElement Required(JsonElement obj, string name, string path = "")
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"Schedule payload field '{path.TrimEnd('.')}' must be a JSON object; got {obj.ValueKind}.");
        }

        return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ValidationException($"Schedule payload field '{path}{name}' is missing.");
    }

    public static ValidationException Invalid(string field, string expected, JsonElement got) =>
        new($"Schedule payload field '{field}' must be {expected}; got {got.ValueKind}.");
}
