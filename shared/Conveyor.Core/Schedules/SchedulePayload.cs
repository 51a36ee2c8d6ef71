using System.Text;
using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>
/// What a schedule fires, as a small tagged JSON object stored in <see cref="Schedule.Payload"/>:
/// <c>{"type":"command","aggregate":…,"commands":[CommandMessage…]}</c> (<see cref="CommandSchedulePayload"/>) or
/// <c>{"type":"task","tenant":…,"taskType":…,"input":…,"stepFunction":bool}</c> (<see cref="TaskSchedulePayload"/>).
/// </summary>
/// <remarks>Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no reflection, AOT-safe.</remarks>
public abstract record SchedulePayload
{
    public const string CommandTag = "command";
    public const string TaskTag = "task";

    // Only the kinds defined here exist: ScheduleTarget must understand every payload it can be given.
    private protected SchedulePayload()
    {
    }

    /// <summary>The <c>type</c> tag.</summary>
    public abstract string Type { get; }

    /// <exception cref="ValidationException">Not a JSON object, an unknown <c>type</c>, or a missing or mistyped field; the message names the field.</exception>
    public static SchedulePayload Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"A schedule payload must be a JSON object; got {json.ValueKind}.", nameof(json));
        }

        var type = PayloadReader.RequiredString(json, "type");
        return type switch
        {
            CommandTag => CommandSchedulePayload.Read(json),
            TaskTag => TaskSchedulePayload.Read(json),
            _ => throw new ValidationException(
                $"Unknown schedule payload type '{type}'; expected '{CommandTag}' or '{TaskTag}'.", nameof(json)),
        };
    }

    /// <exception cref="ValidationException">Not JSON, or see <see cref="Parse(JsonElement)"/>.</exception>
    public static SchedulePayload Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ValidationException($"A schedule payload must be JSON: {ex.Message}", ex);
        }
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        WriteProperties(writer);
        writer.WriteEndObject();
    }

    public string ToJson() => Encoding.UTF8.GetString(ToUtf8());

    /// <summary>The payload as a self-contained element for <see cref="Schedule.Payload"/>.</summary>
    public JsonElement ToJsonElement()
    {
        using var document = JsonDocument.Parse(ToUtf8());
        return document.RootElement.Clone();
    }

    private protected abstract void WriteProperties(Utf8JsonWriter writer);

    private byte[] ToUtf8()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
