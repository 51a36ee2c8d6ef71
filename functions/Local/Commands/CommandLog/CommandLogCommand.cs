using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;
using Conveyor.Local.Commands;

namespace Local.Commands.CommandLog;

/// <summary>
/// <c>conveyor commands [--aggregate a] [--follow] [--json]</c>: the command log — what file tasks and schedules
/// published (the local stand-in for the per-aggregate SQS queues).
/// </summary>
internal static class CommandLogCommand
{
    public static Command Create()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new commands until Ctrl+C" };
        var aggregate = new Option<string>("--aggregate") { Description = "Only commands sent to this aggregate (e.g. customer)" };
        var command = new Command("commands", "Print published commands in order (one JSON object per line with --json)") { dir, json, follow, aggregate };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var log = new SqliteCommandPublisher(database, new CommandLogOptions(new HashSet<string>()), TimeProvider.System);
            return await SequenceFollower.PrintAsync(
                (after, token) => log.ReadAsync(parse.GetValue(aggregate), after, 1000, token),
                entry => entry.Sequence,
                entry => parse.GetValue(json) ? Json(entry) : DisplayText.Escape(Line(entry)),
                parse.GetValue(follow),
                ct);
        });
        return command;
    }

    private static string Line(CommandLogEntry entry)
    {
        var type = entry.Message.Command.ValueKind == JsonValueKind.Object
            && entry.Message.Command.TryGetProperty("type", out var t) ? t.ToString() : "command";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"#{entry.Sequence,-6} {entry.PublishedAt.UtcDateTime:HH:mm:ss.fff} {entry.Aggregate,-12} {entry.Message.Id,-12} {type} {entry.Message.Command.GetRawText()}");
    }

    // {sequence, aggregate, publishedAt, message:{id, meta, command}} — the message is the wire format SQS would carry.
    private static string Json(CommandLogEntry entry) => CliJson.Write(new JsonObject
    {
        ["sequence"] = entry.Sequence,
        ["aggregate"] = entry.Aggregate,
        ["publishedAt"] = CliJson.Timestamp(entry.PublishedAt),
        ["message"] = JsonNode.Parse(CommandMessageJson.Serialize(entry.Message)),
    });
}
