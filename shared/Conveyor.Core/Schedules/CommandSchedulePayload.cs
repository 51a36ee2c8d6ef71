using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>Publishes <see cref="Commands"/> to the queue of <see cref="Aggregate"/> when the schedule fires.</summary>
public sealed record CommandSchedulePayload : SchedulePayload
{
    /// <exception cref="ValidationException">Empty aggregate or no commands.</exception>
    public CommandSchedulePayload(string aggregate, IReadOnlyList<CommandMessage> commands)
    {
        if (string.IsNullOrWhiteSpace(aggregate))
        {
            throw new ValidationException("A command schedule payload needs the aggregate whose queue receives the commands.", nameof(aggregate));
        }

        if (commands is null || commands.Count == 0)
        {
            throw new ValidationException($"A command schedule payload for '{aggregate}' needs at least one command.", nameof(commands));
        }

        Aggregate = aggregate;
        Commands = commands;
    }

    public override string Type => CommandTag;

    public string Aggregate { get; }

    public IReadOnlyList<CommandMessage> Commands { get; }

    internal static CommandSchedulePayload Read(JsonElement json)
    {
        var aggregate = PayloadReader.RequiredString(json, "aggregate");
        var commands = PayloadReader.Required(json, "commands");
        if (commands.ValueKind != JsonValueKind.Array)
        {
            throw PayloadReader.Invalid("commands", "an array of command messages", commands);
        }

        var messages = new List<CommandMessage>();
        var index = 0;
        foreach (var item in commands.EnumerateArray())
        {
            // One wire format for command messages everywhere: the shared codec reads it; errors get the field path.
            try
            {
                messages.Add(CommandMessageJson.Read(item));
            }
            catch (FormatException ex)
            {
                throw new ValidationException($"Schedule payload field 'commands[{index}]' is not a command message: {ex.Message}", ex);
            }

            index++;
        }

        return new CommandSchedulePayload(aggregate, messages);
    }

    private protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("aggregate", Aggregate);
        writer.WriteStartArray("commands");
        foreach (var command in Commands)
        {
            CommandMessageJson.Write(writer, command);
        }

        writer.WriteEndArray();
    }
}
