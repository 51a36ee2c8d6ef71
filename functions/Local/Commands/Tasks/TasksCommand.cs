using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;

namespace Local.Commands.Tasks;

/// <summary>
/// <c>conveyor tasks list|show|create|retry</c>: read and write the engine database directly, so they work whether or not
/// <c>conveyor up</c> is running. A created task is dispatched by the running engine (or the next <c>up</c>) from the change feed.
/// </summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var command = new Command("tasks", "List, show, create and retry tasks in the engine database");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateRetry());
        return command;
    }

    private static Command CreateList()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var tenant = new Option<string>("--tenant") { Description = "Only this tenant's tasks" };
        var kind = new Option<string>("--kind") { Description = "task (single tasks) or sfn (step-function tasks); both when omitted" };
        kind.AcceptOnlyFromAmong("task", "sfn");
        var status = new Option<string>("--status") { Description = "Only tasks in this status (CREATED, QUEUED, STARTED, PROCESSING, COMPLETED, FINISHED, FAILED, ERRORED)" };
        var command = new Command("list", "List tasks of every tenant, oldest first (subtasks: see 'tasks show')") { dir, json, tenant, kind, status };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            TrackedTaskStatus? wanted = null;
            if (parse.GetValue(status) is { } name)
            {
                if (!TrackedTaskStatusNames.TryParse(name.ToUpperInvariant(), out var parsed))
                {
                    return LocalOptions.Fail(ExitCodes.InvalidUsage, $"--status '{name}' is not a task status; use CREATED, QUEUED, STARTED, PROCESSING, COMPLETED, FINISHED, FAILED or ERRORED.");
                }

                wanted = parsed;
            }

            var kinds = parse.GetValue(kind) switch
            {
                "task" => new[] { TaskKind.Task },
                "sfn" => [TaskKind.StepFunction],
                _ => [TaskKind.Task, TaskKind.StepFunction],
            };
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var listing = new SqliteTaskListing(database);
            var service = Service(database);
            var tasks = new List<TrackedTask>();
            foreach (var k in kinds)
            {
                tasks.AddRange(await ListAllAsync(listing, new LocalTaskFilter(parse.GetValue(tenant), k, wanted, Limit: 1000), ct));
            }

            var rows = new List<JsonObject>(tasks.Count);
            foreach (var task in tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal))
            {
                rows.Add(TaskOutput.WithoutSubTaskStatuses(await TaskOutput.ToJsonAsync(task, service, ct)));
            }

            Console.Out.WriteLine(parse.GetValue(json) ? CliJson.Write(new JsonArray([.. rows])) : TaskOutput.Table(rows));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var id = new Argument<string>("id") { Description = "The task id (pk#sk, as 'tasks list' prints it)" };
        var command = new Command("show", "Show one task with its subtasks and progress summary") { id, dir, json };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (ParseKey(parse.GetValue(id)!) is not { } key) { return ExitCodes.InvalidUsage; }
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var service = Service(database);
            var task = await service.GetAsync(key, ct);
            if (task is null)
            {
                return LocalOptions.Fail(ExitCodes.Failed, $"No task {key.Id} in {database.Options.DatabasePath}.");
            }

            var node = await TaskOutput.ToJsonAsync(task, service, ct);
            var subTasks = new JsonArray();
            if (task.Kind == TaskKind.StepFunction)
            {
                foreach (var subTask in await service.ListSubTasksAsync(task.Key, ct))
                {
                    subTasks.Add(await TaskOutput.ToJsonAsync(subTask, service, ct));
                }
            }

            node["subTasks"] = subTasks;
            Console.Out.WriteLine(parse.GetValue(json) ? CliJson.Write(node) : Describe(node));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCreate()
    {
        var dir = LocalOptions.Dir();
        var type = new Option<string>("--type") { Description = "The task type (a registered handler, e.g. echo)", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant", Required = true };
        var input = new Option<string>("--input") { Description = "The input: inline JSON, @path/to/file.json, or @- for standard input (a JSON array with --sfn: one item per subtask)", Required = true };
        var sfn = new Option<bool>("--sfn") { Description = "Create a step-function task (one subtask per input array item)" };
        var command = new Command("create", "Create a task; the engine dispatches it from the change feed (now if running, else on the next 'up')") { dir, type, tenant, input, sfn };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var (text, readError) = await InputText.ReadAsync(parse.GetValue(input)!, "--input", ct);
            if (readError is not null) { return LocalOptions.Fail(ExitCodes.InvalidUsage, readError); }
            JsonElement value;
            try
            {
                using var document = JsonDocument.Parse(text!);
                value = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return LocalOptions.Fail(ExitCodes.InvalidUsage, $"--input is not valid JSON: {ex.Message}");
            }

            var database = await LocalOptions.OpenDatabaseAsync(parse.GetValue(dir)!, ct);
            var service = Service(database);
            var request = new CreateTaskRequest(parse.GetValue(tenant)!, parse.GetValue(type)!, value, CreatedBy: "conveyor-cli");
            try
            {
                var creation = parse.GetValue(sfn)
                    ? await service.CreateStepFunctionTaskAsync(request, ct)
                    : await service.CreateTaskAsync(request, ct);
                Console.Out.WriteLine(CliJson.Write(await TaskOutput.ToJsonAsync(creation.Task, service, ct)));
                return ExitCodes.Success;
            }
            catch (ValidationException ex)
            {
                return LocalOptions.Fail(ExitCodes.InvalidUsage, ex.Message);
            }
        });
        return command;
    }

    private static Command CreateRetry()
    {
        var dir = LocalOptions.Dir();
        var id = new Argument<string>("id") { Description = "The id of a FAILED single task (pk#sk, as 'tasks list' prints it)" };
        var command = new Command("retry", "Retry a FAILED single task: a new task with the same input, dispatched like any other (asking again returns the same new task)") { id, dir };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (ParseKey(parse.GetValue(id)!) is not { } key) { return ExitCodes.InvalidUsage; }
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var service = Service(database);
            try
            {
                var creation = await service.RetryAsync(key, "conveyor-cli", null, ct);
                Console.Out.WriteLine(CliJson.Write(await TaskOutput.ToJsonAsync(creation.Task, service, ct)));
                return ExitCodes.Success;
            }
            catch (TaskNotFoundException)
            {
                return LocalOptions.Fail(ExitCodes.Failed, $"No task {key.Id} in {database.Options.DatabasePath}.");
            }
            catch (TaskNotRetryableException ex)
            {
                return LocalOptions.Fail(ExitCodes.Failed, ex.Message);
            }
        });
        return command;
    }

    /// <summary>The task key in <paramref name="text"/>, or null after saying why it is none (exit code 2).</summary>
    private static TaskKey? ParseKey(string text)
    {
        try
        {
            return TaskKey.ParseId(text);
        }
        catch (FormatException ex)
        {
            _ = LocalOptions.Fail(ExitCodes.InvalidUsage, ex.Message);
            return null;
        }
    }

    private static TaskService Service(LocalDatabase database) =>
        new(new SqliteTaskStore(database, TimeProvider.System), new SqliteNotifier(database, TimeProvider.System), TimeProvider.System);

    private static async Task<List<TrackedTask>> ListAllAsync(SqliteTaskListing listing, LocalTaskFilter filter, CancellationToken cancellationToken)
    {
        var all = new List<TrackedTask>();
        var page = filter;
        while (true)
        {
            var tasks = await listing.ListAsync(page, cancellationToken);
            all.AddRange(tasks);
            if (tasks.Count < page.Limit) { return all; }
            page = page with { AfterId = tasks[^1].Id };
        }
    }

    private static string Describe(JsonObject task)
    {
        var subTasks = task["subTasks"]!.AsArray();
        var text = new System.Text.StringBuilder();
        foreach (var name in new[] { "id", "type", "tenant", "name", "status", "version", "createdAt", "updatedAt" })
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{name + ":",-11}{task[name]}");
        }

        if (task["error"] is JsonObject error) { text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{"error:",-11}{error["type"]}: {error["message"]}"); }
        if (task["result"] is { } result) { text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{"result:",-11}{result.ToJsonString(CliJson.Indented)}"); }
        if (task["attributes"] is JsonObject) { text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{"progress:",-11}{TaskOutput.Progress(task)} ended"); }
        if (subTasks.Count > 0)
        {
            text.AppendLine("subtasks:");
            foreach (var sub in subTasks.OfType<JsonObject>().Take(100))
            {
                var detail = sub["error"] is JsonObject e ? $"  {e["message"]}" : string.Empty;
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {(string?)sub["status"],-11} {(string?)sub["sk"]}{detail}");
            }

            if (subTasks.Count > 100) { text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  … and {subTasks.Count - 100} more (use --json)"); }
        }

        return DisplayText.Escape(text.ToString().TrimEnd(), keepLines: true);
    }
}
