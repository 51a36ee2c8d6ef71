using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Conveyor.Functions;
using Conveyor.Functions.DeadLetters;
using Conveyor.Local.Engine;
using Conveyor.Local.Queue;
using Conveyor.Local.Storage;

namespace Local.Commands.DeadLetters;

/// <summary>
/// <c>conveyor dead-letters list|redrive</c>: the engine's dead letters with their cause, and a re-drive of one back to
/// its source queue — the same store the API's <c>GET /dead-letters</c> and <c>POST /dead-letters/{id}/redrive</c> use,
/// on the database directly (like <c>tasks</c>), so they work whether or not <c>conveyor up</c> runs; the running engine
/// (or the next <c>up</c>) delivers what was re-driven. <c>--json</c> prints the API's shapes (<see cref="DeadLetterJson"/>).
/// </summary>
internal static class DeadLettersCommand
{
    public static Command Create()
    {
        var command = new Command("dead-letters", "List dead-lettered messages with their cause, and re-drive one to its queue");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRedrive());
        return command;
    }

    private static Command CreateList()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first (1-1000)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List dead letters of every queue, newest first, with their cause") { dir, json, limit };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (parse.GetValue(limit) is < 1 or > SqliteDeadLetterStore.MaxLimit)
            {
                return LocalOptions.Fail(ExitCodes.InvalidUsage, $"--limit must be 1-{SqliteDeadLetterStore.MaxLimit}; got {parse.GetValue(limit)}.");
            }

            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var page = await Store(database).ListAsync(parse.GetValue(limit), null, ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Write(new JsonArray([.. page.Items.Select(l => JsonNode.Parse(CliJson.Write(l, DeadLetterJson.WriteLetter)))])));
                return ExitCodes.Success;
            }

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"DEAD-LETTERED",-24} {"QUEUE",-28} {"MESSAGE",-36} CAUSE");
            foreach (var letter in page.Items)
            {
                var cause = letter.ErrorType is null ? "(not recorded)" : $"{letter.ErrorType}: {letter.ErrorMessage}";
                text.AppendLine(CultureInfo.InvariantCulture, $"{CliJson.Timestamp(letter.DeadLetteredAt),-24} {letter.DeadLetterQueue,-28} {letter.MessageId,-36} {cause}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{page.Items.Count} dead letter(s){(page.Next is null ? string.Empty : " (more: raise --limit)")}");
            Console.Out.WriteLine(DisplayText.Escape(text.ToString(), keepLines: true));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRedrive()
    {
        var dir = LocalOptions.Dir();
        var id = new Argument<string>("message-id") { Description = "The dead letter's message id (as 'dead-letters list' prints it)" };
        var command = new Command("redrive", "Send a dead letter back to its source queue (asking again moves nothing and prints the same re-drive)") { id, dir };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            try
            {
                var redrive = await Store(database).RedriveAsync(parse.GetValue(id)!, ct);
                if (redrive is null)
                {
                    return LocalOptions.Fail(ExitCodes.Failed, $"No dead letter {parse.GetValue(id)} in {database.Options.DatabasePath}: it is in no dead-letter queue and was never re-driven.");
                }

                Console.Out.WriteLine(CliJson.Write(redrive, DeadLetterJson.WriteRedrive));
                return ExitCodes.Success;
            }
            catch (DeadLetterNotRedrivableException ex)
            {
                return LocalOptions.Fail(ExitCodes.Failed, ex.Message);
            }
        });
        return command;
    }

    /// <summary>The engine's dead-letter store over the database, with the engine's default queue settings.</summary>
    private static SqliteDeadLetterStore Store(LocalDatabase database) =>
        new EngineQueues(database, new EngineOptions(), FunctionsOptions.DefaultMaxAttempts, TimeProvider.System).DeadLetterStore(database, TimeProvider.System);
}
