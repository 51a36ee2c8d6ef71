using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Converts between DynamoDB <see cref="AttributeValue"/>s and JSON, in two shapes: plain JSON values
/// (<c>"x"</c>, <c>3</c>, <c>{...}</c>) and DynamoDB's typed JSON (<c>{"S":"x"}</c>, <c>{"N":"3"}</c>), the form
/// stream records carry.
/// </summary>
public static class AttributeValueJson
{
    /// <summary>A plain JSON value as an attribute: string → S, number → N, bool → BOOL, null → NULL, array → L, object → M.</summary>
    public static AttributeValue FromPlain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new AttributeValue { S = value.GetString() },
        JsonValueKind.Number => new AttributeValue { N = value.GetRawText() },
        JsonValueKind.True => new AttributeValue { BOOL = true },
        JsonValueKind.False => new AttributeValue { BOOL = false },
        JsonValueKind.Null => new AttributeValue { NULL = true },
        JsonValueKind.Array => new AttributeValue { L = value.EnumerateArray().Select(FromPlain).ToList() },
        JsonValueKind.Object => new AttributeValue { M = value.EnumerateObject().ToDictionary(p => p.Name, p => FromPlain(p.Value), StringComparer.Ordinal) },
        _ => throw new FormatException($"A JSON {value.ValueKind} cannot be stored as a DynamoDB attribute."),
    };

    /// <summary>Writes <paramref name="value"/> as plain JSON; sets become arrays, binary becomes base64.</summary>
    public static void WritePlain(Utf8JsonWriter writer, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.S is not null)
        {
            writer.WriteStringValue(value.S);
        }
        else if (value.N is not null)
        {
            writer.WriteRawValue(NormalizeNumber(value.N));
        }
        else if (value.BOOL is not null)
        {
            writer.WriteBooleanValue(value.BOOL.Value);
        }
        else if (value.B is not null)
        {
            writer.WriteBase64StringValue(value.B.ToArray());
        }
        else if (value.M is not null)
        {
            writer.WriteStartObject();
            foreach (var (name, member) in value.M)
            {
                writer.WritePropertyName(name);
                WritePlain(writer, member);
            }

            writer.WriteEndObject();
        }
        else if (value.L is not null || value.SS is not null || value.NS is not null || value.BS is not null)
        {
            writer.WriteStartArray();
            foreach (var item in value.L ?? [])
            {
                WritePlain(writer, item);
            }

            foreach (var item in value.SS ?? [])
            {
                writer.WriteStringValue(item);
            }

            foreach (var item in value.NS ?? [])
            {
                writer.WriteRawValue(NormalizeNumber(item));
            }

            foreach (var item in value.BS ?? [])
            {
                writer.WriteBase64StringValue(item.ToArray());
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>An item (attribute map) as a plain JSON object.</summary>
    public static JsonElement ToPlainObject(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in item)
            {
                writer.WritePropertyName(name);
                WritePlain(writer, value);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Reads DynamoDB typed JSON (<c>{"S":"x"}</c>, <c>{"M":{...}}</c>) into an attribute.</summary>
    /// <exception cref="FormatException">Not exactly one known type tag, or a malformed value.</exception>
    public static AttributeValue FromTyped(JsonElement typed)
    {
        if (typed.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A DynamoDB attribute value must be an object like {{\"S\":\"x\"}}, not a JSON {typed.ValueKind}.");
        }

        using var members = typed.EnumerateObject();
        if (!members.MoveNext())
        {
            throw new FormatException("A DynamoDB attribute value must have one type tag (S, N, B, BOOL, NULL, M, L, SS, NS, BS).");
        }

        var tag = members.Current;
        if (members.MoveNext())
        {
            throw new FormatException($"A DynamoDB attribute value has one type tag; found '{tag.Name}' and '{members.Current.Name}'.");
        }

        var v = tag.Value;
        return tag.Name switch
        {
            "S" => new AttributeValue { S = Expect(v, JsonValueKind.String, "S").GetString() },
            "N" => new AttributeValue { N = ParseNumber(Expect(v, JsonValueKind.String, "N").GetString()!) },
            "B" => new AttributeValue { B = new MemoryStream(Expect(v, JsonValueKind.String, "B").GetBytesFromBase64()) },
            "BOOL" => new AttributeValue { BOOL = v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.False ? false : throw new FormatException("BOOL must be true or false.")) },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = ItemFromTyped(v) },
            "L" => new AttributeValue { L = Expect(v, JsonValueKind.Array, "L").EnumerateArray().Select(FromTyped).ToList() },
            "SS" => new AttributeValue { SS = Expect(v, JsonValueKind.Array, "SS").EnumerateArray().Select(e => Expect(e, JsonValueKind.String, "SS").GetString()!).ToList() },
            "NS" => new AttributeValue { NS = Expect(v, JsonValueKind.Array, "NS").EnumerateArray().Select(e => ParseNumber(Expect(e, JsonValueKind.String, "NS").GetString()!)).ToList() },
            "BS" => new AttributeValue { BS = Expect(v, JsonValueKind.Array, "BS").EnumerateArray().Select(e => new MemoryStream(Expect(e, JsonValueKind.String, "BS").GetBytesFromBase64())).ToList() },
            _ => throw new FormatException($"'{tag.Name}' is not a DynamoDB attribute type; expected S, N, B, BOOL, NULL, M, L, SS, NS or BS."),
        };
    }

    /// <summary>Reads a typed-JSON item (<c>{"pk":{"S":"…"},…}</c>) into an attribute map.</summary>
    public static Dictionary<string, AttributeValue> ItemFromTyped(JsonElement item)
    {
        Expect(item, JsonValueKind.Object, "item");
        return item.EnumerateObject().ToDictionary(p => p.Name, p => FromTyped(p.Value), StringComparer.Ordinal);
    }

    /// <summary>Writes an attribute in DynamoDB typed JSON; used for continuation tokens.</summary>
    public static void WriteTyped(Utf8JsonWriter writer, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        if (value.S is not null)
        {
            writer.WriteString("S", value.S);
        }
        else if (value.N is not null)
        {
            writer.WriteString("N", value.N);
        }
        else if (value.B is not null)
        {
            writer.WriteBase64String("B", value.B.ToArray());
        }
        else
        {
            // Keys are S, N or B only; anything else is not a key and has no business in a token.
            throw new FormatException("Only S, N and B attributes can be part of a DynamoDB key.");
        }

        writer.WriteEndObject();
    }

    private static JsonElement Expect(JsonElement value, JsonValueKind kind, string what) =>
        value.ValueKind == kind ? value : throw new FormatException($"DynamoDB {what} value must be a JSON {kind}, not {value.ValueKind}.");

    private static string ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? text
            : throw new FormatException($"'{text}' is not a DynamoDB number.");

    // DynamoDB accepts numbers such as ".5" or "+1" that JSON does not; re-render those.
    private static string NormalizeNumber(string text)
    {
        if (text.Length > 0 && (char.IsDigit(text[0]) || (text[0] == '-' && text.Length > 1 && char.IsDigit(text[1]))) )
        {
            return text;
        }

        return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }
}
