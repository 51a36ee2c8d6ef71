using System.Text.Json;
using Conveyor.Core.Commands;

namespace Conveyor.Core.Serialization;

/// <summary><c>{id, meta{service, user, time, msgId, correlationId, causationId?}, command}</c>.</summary>
public static class CommandMessageJson
{
    private const string Shape = "command message";
    private const string MetaShape = "command message meta";

    public static void Write(Utf8JsonWriter writer, CommandMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteStartObject("meta");
        writer.WriteString("service", message.Meta.Service);
        writer.WriteString("user", message.Meta.User);
        writer.WriteString("time", TaskTimestamps.ToText(message.Meta.Time));
        writer.WriteString("msgId", message.Meta.MsgId);
        writer.WriteString("correlationId", message.Meta.CorrelationId);
        if (message.Meta.CausationId is { } causationId)
        {
            writer.WriteString("causationId", causationId);
        }

        writer.WriteEndObject();
        JsonWrite.Property(writer, "command", message.Command);
        writer.WriteEndObject();
    }

    public static string Serialize(CommandMessage message) => JsonWrite.ToText(message, Write);

    /// <exception cref="FormatException">Not JSON or not the command message shape.</exception>
    public static CommandMessage Parse(string json)
    {
        using var document = JsonRead.ParseDocument(json, Shape);
        return Read(document.RootElement);
    }

    /// <exception cref="FormatException">Not the command message shape.</exception>
    public static CommandMessage Read(JsonElement element)
    {
        JsonRead.EnsureObject(element, Shape);
        var meta = JsonRead.Required(element, "meta", Shape);
        JsonRead.EnsureObject(meta, MetaShape);
        return new CommandMessage(
            JsonRead.RequiredString(element, "id", Shape),
            new CommandMeta(
                JsonRead.RequiredString(meta, "service", MetaShape),
                JsonRead.RequiredString(meta, "user", MetaShape),
                JsonRead.RequiredTimestamp(meta, "time", MetaShape),
                JsonRead.RequiredString(meta, "msgId", MetaShape),
                JsonRead.RequiredString(meta, "correlationId", MetaShape),
                JsonRead.OptionalString(meta, "causationId", MetaShape)),
            JsonRead.Required(element, "command", Shape).Clone());
    }
}
