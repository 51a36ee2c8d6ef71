using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.App;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Core.Workflows;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Functions.Workflows;
using Conveyor.Local.Durable;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Local.Commands.Workflows;

/// <summary>
/// <c>conveyor workflows start|list|show|history|callback|stop</c>: durable workflow executions in the engine database,
/// read and written directly (like <c>tasks</c>), so they work whether or not <c>conveyor up</c> runs; the running engine
/// (or the next <c>up</c>) invokes what became due. <c>--json</c> prints the API's shapes (<see cref="WorkflowJson"/>).
/// </summary>
internal static class WorkflowsCommand
{
    private static readonly string[] ShownFields = ["name", "workflow", "status", "taskId", "startedAt", "endedAt"];

    public static Command Create()
    {
        var command = new Command("workflows", "Start, list, show, answer and stop durable workflow executions");
        command.Subcommands.Add(CreateStart());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateHistory());
        command.Subcommands.Add(CreateCallback());
        command.Subcommands.Add(CreateStop());
        return command;
    }

    private static Command CreateStart()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var workflow = new Argument<string>("workflow") { Description = "The workflow (e.g. document-review)" };
        var name = new Option<string>("--name") { Description = "The execution name, 1-64 of [A-Za-z0-9-_]: the idempotency key (starting it again starts nothing new); a new one when omitted" };
        var tenant = new Option<string>("--tenant") { Description = "The tenant of the tracking task", DefaultValueFactory = _ => "default" };
        var input = new Option<string>("--input") { Description = "The input: inline JSON, @path/to/file.json, or @- for standard input", Required = true };
        var command = new Command("start", "Start a workflow execution (tracked as a task); the engine runs it") { workflow, dir, json, name, tenant, input };
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
            var (service, executions) = Services(database);
            var request = new StartWorkflowRequest(parse.GetValue(tenant)!, parse.GetValue(workflow)!, parse.GetValue(name) ?? "wf-" + Guid.NewGuid().ToString("N"), value, CreatedBy: "conveyor-cli");
            try
            {
                var started = await service.StartAsync(request, ct);
                var info = (await executions.DescribeAsync(started.ExecutionArn, ct))!;
                Console.Out.WriteLine(parse.GetValue(json) ? ExecutionJson(info, service) : $"{(started.Created ? "started" : "already started")}: {started.ExecutionName} (task {started.Task.Id})");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ValidationException or IdempotencyKeyReusedException or ExecutionNameTakenException or DurableServiceException)
            {
                return LocalOptions.Fail(ExitCodes.InvalidUsage, ex.Message);
            }
        });
        return command;
    }

    private static Command CreateList()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var status = new Option<string>("--status") { Description = "Only executions in this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED)" };
        status.AcceptOnlyFromAmong(ExecutionStatuses.Running, ExecutionStatuses.Succeeded, ExecutionStatuses.Failed, ExecutionStatuses.TimedOut, ExecutionStatuses.Stopped);
        var tenant = new Option<string>("--tenant") { Description = "Only this tenant's executions" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 1000 };
        var command = new Command("list", "List workflow executions, newest first") { dir, json, status, tenant, limit };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var (service, executions) = Services(database);
            var items = parse.GetValue(tenant) is { } t
                ? await service.ListAsync(t, parse.GetValue(status), parse.GetValue(limit), ct)
                : await executions.ListAsync(null, parse.GetValue(status), parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Write(new JsonArray([.. items.Select(i => JsonNode.Parse(ExecutionJson(i, service)))])));
                return ExitCodes.Success;
            }

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"STATUS",-10} {"STARTED",-24} {"WORKFLOW",-16} NAME");
            foreach (var item in items)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{item.Execution.Status,-10} {Time(item.Execution.StartTimestamp),-24} {service.WorkflowOf(item),-16} {item.Execution.DurableExecutionName}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{items.Count} execution(s)");
            Console.Out.WriteLine(DisplayText.Escape(text.ToString(), keepLines: true));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var name = new Argument<string>("name") { Description = "The execution name (or ARN)" };
        var command = new Command("show", "Show one execution: status, input, result or error, tracking task") { name, dir, json };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var (service, executions) = Services(database);
            if (await executions.DescribeAsync(parse.GetValue(name)!, ct) is not { } info)
            {
                return LocalOptions.Fail(ExitCodes.Failed, $"No workflow execution {parse.GetValue(name)} in {database.Options.DatabasePath}.");
            }

            var node = JsonNode.Parse(ExecutionJson(info, service))!.AsObject();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Write(node));
                return ExitCodes.Success;
            }

            var text = new StringBuilder();
            foreach (var field in ShownFields)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{field + ":",-11}{node[field]}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{"input:",-11}{node["input"]?.ToJsonString(CliJson.Compact)}");
            if (node["result"] is { } result) { text.AppendLine(CultureInfo.InvariantCulture, $"{"result:",-11}{result.ToJsonString(CliJson.Compact)}"); }
            if (node["error"] is JsonObject error) { text.AppendLine(CultureInfo.InvariantCulture, $"{"error:",-11}{error["type"]}: {error["message"]}"); }
            Console.Out.WriteLine(DisplayText.Escape(text.ToString().TrimEnd(), keepLines: true));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateHistory()
    {
        var dir = LocalOptions.Dir();
        var json = LocalOptions.Json();
        var name = new Argument<string>("name") { Description = "The execution name (or ARN)" };
        var command = new Command("history", "The execution's operations in start order (steps, waits, callbacks with their ids, contexts)") { name, dir, json };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var (_, executions) = Services(database);
            if (await executions.HistoryAsync(parse.GetValue(name)!, ct) is not { } operations)
            {
                return LocalOptions.Fail(ExitCodes.Failed, $"No workflow execution {parse.GetValue(name)} in {database.Options.DatabasePath}.");
            }

            var nodes = operations.Select(o => JsonNode.Parse(CliJson.Write(o, WorkflowJson.WriteOperation))!.AsObject()).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Write(new JsonArray([.. nodes])));
                return ExitCodes.Success;
            }

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"TYPE",-15} {"STATUS",-10} {"NAME",-20} DETAIL");
            foreach (var node in nodes)
            {
                var detail = node["callbackId"] is { } id ? "callback " + id
                    : node["error"] is JsonObject e ? $"{e["type"]}: {e["message"]}"
                    : node["fireAt"] is { } at ? "fires " + at
                    : node["result"]?.ToJsonString(CliJson.Compact) ?? string.Empty;
                text.AppendLine(CultureInfo.InvariantCulture, $"{(string?)node["type"],-15} {(string?)node["status"],-10} {(string?)node["name"],-20} {detail}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{nodes.Count} operation(s)");
            Console.Out.WriteLine(DisplayText.Escape(text.ToString(), keepLines: true));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCallback()
    {
        var dir = LocalOptions.Dir();
        var id = new Argument<string>("callbackId") { Description = "The callback id (from 'workflows history' or the notification that asked)" };
        var action = new Argument<string>("action") { Description = "succeed, fail or heartbeat" };
        action.AcceptOnlyFromAmong("succeed", "fail", "heartbeat");
        var result = new Option<string>("--result") { Description = "succeed: the result, inline JSON, @file or @- (default null)" };
        var type = new Option<string>("--error-type") { Description = "fail: the error type (default CallbackFailed)" };
        var message = new Option<string>("--message") { Description = "fail: the error message" };
        var command = new Command("callback", "Answer a callback a workflow waits for: succeed (with a result), fail or heartbeat") { id, action, dir, result, type, message };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            string? payload = null;
            if (parse.GetValue(result) is { } raw)
            {
                var (text, readError) = await InputText.ReadAsync(raw, "--result", ct);
                if (readError is not null) { return LocalOptions.Fail(ExitCodes.InvalidUsage, readError); }
                try
                {
                    using var document = JsonDocument.Parse(text!);
                    payload = document.RootElement.GetRawText();
                }
                catch (JsonException ex)
                {
                    return LocalOptions.Fail(ExitCodes.InvalidUsage, $"--result is not valid JSON: {ex.Message}");
                }
            }

            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var (_, executions) = Services(database);
            var callbackId = parse.GetValue(id)!;
            try
            {
                switch (parse.GetValue(action))
                {
                    case "succeed":
                        await executions.SendCallbackSuccessAsync(callbackId, payload, ct);
                        break;
                    case "fail":
                        await executions.SendCallbackFailureAsync(callbackId, new ErrorObject { ErrorType = parse.GetValue(type) ?? "CallbackFailed", ErrorMessage = parse.GetValue(message) }, ct);
                        break;
                    default:
                        await executions.SendCallbackHeartbeatAsync(callbackId, ct);
                        break;
                }
            }
            catch (DurableServiceException ex)
            {
                return LocalOptions.Fail(ExitCodes.Failed, ex.Message);
            }

            Console.Out.WriteLine($"{parse.GetValue(action)}: {callbackId}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateStop()
    {
        var dir = LocalOptions.Dir();
        var name = new Argument<string>("name") { Description = "The execution name (or ARN)" };
        var type = new Option<string>("--error-type") { Description = "Why, as an error type (default Stopped)" };
        var message = new Option<string>("--message") { Description = "Why, in words" };
        var command = new Command("stop", "Stop a running execution (its task ends FAILED with the reason)") { name, dir, type, message };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (await LocalOptions.OpenExistingDatabaseAsync(parse.GetValue(dir)!, ct) is not { } database) { return ExitCodes.Failed; }
            var (_, executions) = Services(database);
            var error = parse.GetValue(type) is null && parse.GetValue(message) is null
                ? null
                : new ErrorObject { ErrorType = parse.GetValue(type) ?? "Stopped", ErrorMessage = parse.GetValue(message) };
            try
            {
                await executions.StopAsync(parse.GetValue(name)!, error, ct);
            }
            catch (DurableServiceException ex)
            {
                return LocalOptions.Fail(ExitCodes.Failed, ex.Message);
            }

            Console.Out.WriteLine($"stopped: {parse.GetValue(name)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The workflow service over the database, with the application's workflows (names only: nothing is invoked here).</summary>
    private static (WorkflowService Service, IDurableExecutionService Executions) Services(LocalDatabase database)
    {
        var app = new ServiceCollection().AddConveyorApp(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var catalog = new DurableWorkflowCatalog(app.GetServices<DurableWorkflowRegistration>());
        var tasks = new TaskService(new SqliteTaskStore(database, TimeProvider.System), new SqliteNotifier(database, TimeProvider.System), TimeProvider.System);
        var executions = new SqliteDurableExecutions(database, TimeProvider.System);
        return (new WorkflowService(tasks, executions, catalog), executions);
    }

    private static string ExecutionJson(DurableExecutionInfo info, WorkflowService service) =>
        CliJson.Write(info, (writer, value) => WorkflowJson.WriteExecution(writer, value, service.WorkflowOf(value)));

    private static string Time(DateTimeOffset? value) => value is { } t ? CliJson.Timestamp(t) : string.Empty;
}
