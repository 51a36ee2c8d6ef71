using System.Text.Json;
using Conveyor.Core.Commands;

namespace Conveyor.Core.Schedules;

/// <summary>The wire form <c>{id, meta{service, user, time, msgId, correlationId, causationId?}, command}</c>, AOT-safe.</summary>
internal static class CommandMessageJson
{
    public static void Write(Utf8JsonWriter writer, CommandMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteStartObject("meta");
        writer.WriteString("service", message.Meta.Service);
        writer.WriteString("user", message.Meta.User);
        writer.WriteString("time", message.Meta.Time);
        writer.WriteString("msgId", message.Meta.MsgId);
        writer.WriteString("correlationId", message.Meta.CorrelationId);
        if (message.Meta.CausationId is { } causation)
        {
            writer.WriteString("causationId", causation);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("command");
        message.Command.WriteTo(writer);
        writer.WriteEndObject();
    }

    public static CommandMessage Read(JsonElement json, string path)
    {
        var id = PayloadReader.RequiredString(json, "id", path);
        var meta = PayloadReader.Required(json, "meta", path);
        var metaPath = path + "meta.";
        var command = PayloadReader.Required(json, "command", path);
        return new CommandMessage(
            id,
            new CommandMeta(
                PayloadReader.RequiredString(meta, "service", metaPath),
                PayloadReader.RequiredString(meta, "user", metaPath),
                PayloadReader.RequiredTime(meta, "time", metaPath),
                PayloadReader.RequiredString(meta, "msgId", metaPath),
                PayloadReader.RequiredString(meta, "correlationId", metaPath),
                PayloadReader.OptionalString(meta, "causationId", metaPath)),
            command.Clone());
    }
}
