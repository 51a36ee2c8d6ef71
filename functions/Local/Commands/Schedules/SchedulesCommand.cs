using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Local.Scheduling;

namespace Local.Commands.Schedules;

/// <summary><c>conveyor schedules list</c>: the stored schedules with their expression and next due time.</summary>
internal static class SchedulesCommand
{
    public static Command Create()
    {
        var command = new Command("schedules", "Inspect the schedules the engine fires");
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var list = new Command("list", "List schedules ordered by next due time") { dir, json };
        list.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var schedules = await new SqliteScheduleService(database, new LocalSchedulerOptions(), TimeProvider.System).ListAsync(ct);
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var s in schedules)
                {
                    array.Add(new JsonObject
                    {
                        ["name"] = s.Schedule.Name,
                        ["expression"] = s.Schedule.Rate.ToExpression(),
                        ["nextDueAt"] = CliJson.Timestamp(s.NextDue),
                        ["payload"] = JsonNode.Parse(s.Schedule.Payload.GetRawText()),
                    });
                }

                Console.Out.WriteLine(CliJson.Write(array));
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"{"NEXT DUE (UTC)",-22} {"EXPRESSION",-28} NAME");
            foreach (var s in schedules)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.NextDue.UtcDateTime:yyyy-MM-dd HH:mm:ss}    {s.Schedule.Rate.ToExpression(),-28} {s.Schedule.Name}"));
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{schedules.Count} schedule(s)"));
            return ExitCodes.Success;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
