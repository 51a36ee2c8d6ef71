using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Tasks;

namespace Conveyor.States.Tests.Support;

/// <summary>Helpers to load and run definitions in tests.</summary>
internal static class Asl
{
    public static StateMachineDefinition Load(string json, IReadOnlyDictionary<string, string>? substitutions = null)
    {
        var definition = StateMachineDefinition.TryLoad(json, substitutions, out var validation);
        Assert.True(validation.IsValid, string.Join(Environment.NewLine, validation.Problems));
        return definition!;
    }

    public static Task<ExecutionResult> RunAsync(string json, string input = "{}", ITaskResourceInvoker? invoker = null, StateMachineRunnerOptions? options = null)
    {
        var opts = (options ?? new StateMachineRunnerOptions { NoWait = true }) with { TaskInvoker = invoker ?? options?.TaskInvoker };
        return new StateMachineRunner(Load(json), opts).RunAsync(JsonNode.Parse(input));
    }

    /// <summary>A one-state machine around the given state body (JSON object text without braces).</summary>
    public static string Single(string stateBody, string? queryLanguage = null) =>
        $$"""{ {{(queryLanguage is null ? "" : $"\"QueryLanguage\": \"{queryLanguage}\",")}} "StartAt": "S", "States": { "S": { {{stateBody}} } } }""";

    public static async Task<JsonNode?> OutputAsync(string json, string input = "{}", ITaskResourceInvoker? invoker = null)
    {
        var result = await RunAsync(json, input, invoker);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        return result.Output;
    }

    public static void JsonEqual(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected} but got {actual?.ToJsonString() ?? "null"}");
}
