using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Conveyor.Aws.Scheduler;

/// <summary>
/// The target input of a schedule: its payload plus <c>scheduleName</c> and <c>scheduledTime</c>, which EventBridge
/// Scheduler fills from its context attributes at each firing. ScheduleTarget makes them the idempotency key of what a
/// firing creates, because the Scheduler delivers at least once. Reading a schedule back strips them again.
/// </summary>
public static class ScheduleTargetInput
{
    public const string ScheduleNameField = "scheduleName";
    public const string ScheduledTimeField = "scheduledTime";
    public const string ScheduleArnAttribute = "<aws.scheduler.schedule-arn>";
    public const string ScheduledTimeAttribute = "<aws.scheduler.scheduled-time>";

    // The Scheduler substitutes the placeholders only where '<' and '>' appear literally; the default encoder would
    // write them as \u003C and \u003E. The input is a JSON string inside a JSON request, never HTML.
    private static readonly JsonWriterOptions LiteralPlaceholders = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The payload object with the two context-attribute fields set (replacing any it carried).</summary>
    public static string Compose(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A schedule payload must be a JSON object.", nameof(payload));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LiteralPlaceholders))
        {
            writer.WriteStartObject();
            foreach (var property in payload.EnumerateObject())
            {
                if (property.NameEquals(ScheduleNameField) || property.NameEquals(ScheduledTimeField))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteString(ScheduleNameField, ScheduleArnAttribute);
            writer.WriteString(ScheduledTimeField, ScheduledTimeAttribute);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The payload a target input was composed from (the context-attribute fields removed).</summary>
    public static JsonElement Decompose(string? input)
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(input) ? "{}" : input);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.NameEquals(ScheduleNameField) && !property.NameEquals(ScheduledTimeField))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var result = JsonDocument.Parse(buffer.ToArray());
        return result.RootElement.Clone();
    }
}
