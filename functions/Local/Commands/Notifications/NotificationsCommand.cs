using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Conveyor.Local.Notifications;

namespace Local.Commands.Notifications;

/// <summary><c>conveyor notifications [--follow]</c>: the recorded task-status, sub-task-status and sfn-alarm messages.</summary>
internal static class NotificationsCommand
{
    public static Command Create()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new notifications until Ctrl+C" };
        var task = new Option<string>("--task") { Description = "Only notifications of this task id" };
        var action = new Option<string>("--action") { Description = "Only task-status, sub-task-status or sfn-alarm" };
        action.AcceptOnlyFromAmong(NotificationActions.TaskStatus, NotificationActions.SubTaskStatus, NotificationActions.StepFunctionAlarm);
        var command = new Command("notifications", "Print notifications in publish order (one JSON object per line with --json)") { dir, json, follow, task, action };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var notifier = new SqliteNotifier(database, TimeProvider.System);
            var query = new NotificationQuery(0, parse.GetValue(task), parse.GetValue(action), Limit: 1000);
            return await SequenceFollower.PrintAsync(
                (after, token) => notifier.QueryAsync(query with { AfterSequence = after }, token),
                record => record.Sequence,
                record => parse.GetValue(json) ? Json(record) : DisplayText.Escape(Line(record)),
                parse.GetValue(follow),
                ct);
        });
        return command;
    }

    private static string Line(NotificationRecord record)
    {
        var detail = record.Content.ValueKind == JsonValueKind.Object && record.Content.TryGetProperty("status", out var status) ? status.GetString()
            : record.Content.ValueKind == JsonValueKind.Object && record.Content.TryGetProperty("errorMessage", out var message) ? message.GetString()
            : record.Content.GetRawText();
        return string.Create(CultureInfo.InvariantCulture, $"#{record.Sequence,-6} {record.PublishedAt.UtcDateTime:HH:mm:ss.fff} {record.Action,-15} {detail,-10} {record.Id}");
    }

    private static string Json(NotificationRecord record)
    {
        var json = new JsonObject
        {
            ["sequence"] = record.Sequence,
            ["action"] = record.Action,
            ["id"] = record.Id,
            ["pk"] = record.Pk,
            ["sk"] = record.Sk,
            ["tenantCode"] = record.TenantCode,
            ["content"] = JsonNode.Parse(record.Content.GetRawText()),
            ["publishedAt"] = CliJson.Timestamp(record.PublishedAt),
        };
        if (record.Table is { } table)
        {
            // MBC's body (up --notification-format mbc|both): its table, and which format the line is.
            json["table"] = table;
            json["format"] = record.Format;
        }

        return CliJson.Write(json);
    }
}
