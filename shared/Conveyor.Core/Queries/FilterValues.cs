using System.Globalization;
using System.Text.Json;

namespace Conveyor.Core.Queries;

/// <summary>
/// DynamoDB comparison rules over JSON: a string is S, a number N, true/false BOOL, null NULL, an array L, an object M.
/// Values of different types are never equal and never ordered; only S and N are ordered (strings by UTF-8 bytes,
/// numbers by value).
/// </summary>
internal static class FilterValues
{
    public static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "S",
        JsonValueKind.Number => "N",
        JsonValueKind.True or JsonValueKind.False => "BOOL",
        JsonValueKind.Null => "NULL",
        JsonValueKind.Array => "L",
        JsonValueKind.Object => "M",
        _ => "?",
    };

    public static bool AreEqual(JsonElement a, JsonElement b)
    {
        if (TypeOf(a) != TypeOf(b))
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.Number => CompareNumbers(a, b) == 0,
            JsonValueKind.String => string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal),
            JsonValueKind.True or JsonValueKind.False => a.ValueKind == b.ValueKind,
            JsonValueKind.Null => true,
            _ => JsonElement.DeepEquals(a, b),
        };
    }

    /// <summary>The order of <paramref name="a"/> and <paramref name="b"/>, or null when they are not comparable.</summary>
    public static int? Compare(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => CompareNumbers(a, b),
        (JsonValueKind.String, JsonValueKind.String) => CompareStrings(a.GetString()!, b.GetString()!),
        _ => null,
    };

    private static int CompareNumbers(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db))
        {
            return da.CompareTo(db);
        }

        return double.Parse(a.GetRawText(), CultureInfo.InvariantCulture).CompareTo(double.Parse(b.GetRawText(), CultureInfo.InvariantCulture));
    }

    // Code-point order equals UTF-8 byte order (DynamoDB's), unlike UTF-16 ordinal order around surrogates.
    private static int CompareStrings(string a, string b)
    {
        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    public static bool BeginsWith(JsonElement value, JsonElement prefix) =>
        value.ValueKind == JsonValueKind.String && prefix.ValueKind == JsonValueKind.String
        && value.GetString()!.StartsWith(prefix.GetString()!, StringComparison.Ordinal);

    /// <summary>Substring of a string, or an element of a list.</summary>
    public static bool Contains(JsonElement value, JsonElement operand) => value.ValueKind switch
    {
        JsonValueKind.String => operand.ValueKind == JsonValueKind.String
            && value.GetString()!.Contains(operand.GetString()!, StringComparison.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Any(element => AreEqual(element, operand)),
        _ => false,
    };
}
