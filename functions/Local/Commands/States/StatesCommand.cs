using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Items;
using Conveyor.States.Mocks;

namespace Local.Commands.States;

/// <summary><c>conveyor states run|validate</c>: run or check an Amazon States Language definition locally.</summary>
internal static class StatesCommand
{
        public static Command Create()
    {
        var command = new Command("states", "Run and validate Amazon States Language state machines locally");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateValidate());
        return command;
    }

    private static Command CreateRun()
    {
        var definition = new Argument<FileInfo>("definition") { Description = "The state machine definition (*.asl.json)" };
        var input = new Option<string>("--input") { Description = "Execution input: inline JSON, @path/to/file.json, or @- for standard input (default {})" };
        var mockConfig = new Option<FileInfo>("--mock-config") { Description = "Step Functions Local mock configuration (MockConfigFile.json)" };
        var testCase = new Option<string>("--test-case") { Description = "Test case name inside the mock configuration" };
        var stateMachine = new Option<string>("--state-machine") { Description = "State machine name in the mock configuration (default: file name without .asl.json)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Wait states and retry intervals take no time" };
        var buckets = new Option<DirectoryInfo>("--buckets") { Description = "Folder whose sub-folders act as buckets for distributed Map ItemReader/ResultWriter" };
        var substitutions = new Option<string[]>("--substitution") { Description = "Definition substitution Name=Value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("run", "Run a state machine and print {\"status\",\"output\"} or {\"status\",\"error\",\"cause\"}. Task states need --mock-config; without one they fail (no resolver).")
        {
            definition, input, mockConfig, testCase, stateMachine, noWait, buckets, substitutions,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var request = new StatesRunRequest(
                parse.GetValue(definition)!,
                parse.GetValue(input),
                parse.GetValue(mockConfig),
                parse.GetValue(testCase),
                parse.GetValue(stateMachine),
                parse.GetValue(noWait),
                parse.GetValue(substitutions) ?? [],
                parse.GetValue(buckets));
            var (exitCode, json) = await RunAsync(request, ct);
            Console.Out.WriteLine(json.ToJsonString(CliJson.Compact));
            return exitCode;
        });
        return command;
    }

    private static Command CreateValidate()
    {
        var definition = new Argument<FileInfo>("definition") { Description = "The state machine definition (*.asl.json)" };
        var substitutions = new Option<string[]>("--substitution") { Description = "Definition substitution Name=Value (repeatable)" };
        var command = new Command("validate", "Validate a definition; prints {\"valid\":true} or the list of problems (exit 0 valid, 2 invalid)") { definition, substitutions };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var file = parse.GetValue(definition)!;
            if (!file.Exists) { return Usage($"The definition file '{file.FullName}' does not exist"); }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(substitutions) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) { return Usage($"--substitution expects Name=Value, not '{pair}'"); }
                values[pair[..eq]] = pair[(eq + 1)..];
            }

            var result = StateMachineDefinition.Validate(await File.ReadAllTextAsync(file.FullName, ct), values);
            var problems = new JsonArray(result.Problems.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            Console.Out.WriteLine(new JsonObject { ["valid"] = result.IsValid, ["problems"] = problems }.ToJsonString(CliJson.Compact));
            return result.IsValid ? ExitCodes.Success : ExitCodes.InvalidUsage;
        });
        return command;
    }

    internal static async Task<(int ExitCode, JsonObject Json)> RunAsync(StatesRunRequest request, CancellationToken ct)
    {
        if (!request.Definition.Exists) { return Invalid($"The definition file '{request.Definition.FullName}' does not exist"); }
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.Substitutions)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { return Invalid($"--substitution expects Name=Value, not '{pair}'"); }
            substitutions[pair[..eq]] = pair[(eq + 1)..];
        }

        var definition = StateMachineDefinition.TryLoad(await File.ReadAllTextAsync(request.Definition.FullName, ct), substitutions, out var validation);
        if (definition is null)
        {
            return (ExitCodes.InvalidUsage, new JsonObject
            {
                ["status"] = "INVALID",
                ["problems"] = new JsonArray(validation.Problems.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            });
        }

        var (text, readError) = request.Input is null ? ("{}", null) : await InputText.ReadAsync(request.Input, "--input", ct);
        if (readError is not null) { return Invalid(readError); }
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(text!);
        }
        catch (JsonException ex)
        {
            return Invalid($"The input is not valid JSON: {ex.Message}");
        }

        var name = request.StateMachine ?? StateMachineName(request.Definition);
        var options = new StateMachineRunnerOptions { NoWait = request.NoWait, StateMachineName = name };
        if (request.Buckets is not null)
        {
            options = options with
            {
                ItemReader = new ObjectSourceItemReader(new FolderObjectSource(request.Buckets.FullName)),
                ResultWriter = new FolderResultWriter(request.Buckets.FullName),
            };
        }

        if (request.MockConfig is not null)
        {
            if (request.TestCase is null) { return Invalid("--mock-config needs --test-case"); }
            try
            {
                var mock = MockConfiguration.Parse(await File.ReadAllTextAsync(request.MockConfig.FullName, ct));
                options = options with { TaskInvoker = new MockTaskInvoker(mock, name, request.TestCase) };
            }
            catch (Exception ex) when (ex is FormatException or KeyNotFoundException or IOException)
            {
                return Invalid(ex.Message);
            }
        }

        var result = await new StateMachineRunner(definition, options).RunAsync(input, cancellationToken: ct);
        return result.Succeeded
            ? (ExitCodes.Success, new JsonObject { ["status"] = result.StatusName, ["output"] = result.Output })
            : (ExitCodes.Failed, new JsonObject { ["status"] = result.StatusName, ["error"] = result.Error, ["cause"] = result.Cause });
    }

    private static string StateMachineName(FileInfo file)
    {
        var name = file.Name;
        foreach (var suffix in new[] { ".asl.json", ".json" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { return name[..^suffix.Length]; }
        }

        return name;
    }

    private static (int, JsonObject) Invalid(string message) =>
        (ExitCodes.InvalidUsage, new JsonObject { ["status"] = "INVALID", ["error"] = "Usage", ["cause"] = message });

    private static int Usage(string message)
    {
        Console.Out.WriteLine(new JsonObject { ["valid"] = false, ["problems"] = new JsonArray((JsonNode)JsonValue.Create(message)) }.ToJsonString(CliJson.Compact));
        return ExitCodes.InvalidUsage;
    }
}
