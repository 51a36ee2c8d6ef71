using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// Timestamps as the service sends them: the REST API (restJson1) writes epoch seconds, possibly fractional;
/// the invocation envelope writes epoch milliseconds; some tools write ISO-8601 strings. Reads all three (a number
/// above 10^11 is milliseconds: no second count reaches that before the year 5138); writes epoch seconds with
/// millisecond precision, as the API does.
/// </summary>
public sealed class EpochTimestampConverter : JsonConverter<DateTimeOffset?>
{
    private const double MillisecondThreshold = 1e11;

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                var value = reader.GetDouble();
                var milliseconds = value >= MillisecondThreshold ? value : value * 1000d;
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(milliseconds));
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    var ms = number >= MillisecondThreshold ? number : number * 1000d;
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(ms));
                }

                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            default:
                throw new JsonException($"A timestamp must be a number or a string, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteNumberValue(value.Value.ToUnixTimeMilliseconds() / 1000m);
    }
}
