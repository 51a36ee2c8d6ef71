using System.Text.Json;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Serialization;
using Conveyor.Lambda.Events.StepFunctions;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Functions.Tests.MapItem;

/// <summary>The handlers and statemachines/step-function-task.asl.json must agree on error names and payload fields.</summary>
public sealed class StateMachineContractTests
{
    private static readonly JsonElement Definition = Load();

    [Fact]
    public void Retry_WhenASubTaskAttemptFails_ShouldMatchTheExceptionTheHandlerThrows()
    {
        var runSubTask = ItemStates().GetProperty("RunSubTask");

        var retried = runSubTask.GetProperty("Retry").EnumerateArray()
            .SelectMany(r => r.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()));

        Assert.Contains(nameof(SubTaskAttemptFailedException), retried);
    }

    [Theory]
    [InlineData("RunSubTask", new[] { "parent.$", "index.$" })]
    [InlineData("RecordSubTaskFailure", new[] { "parent.$", "index.$", "failure.$" })]
    public void Payload_WhenTheMapInvokesMapItem_ShouldOnlyUseFieldsTheRequestReads(string state, string[] expected)
    {
        var payload = ItemStates().GetProperty(state).GetProperty("Parameters").GetProperty("Payload");
        var request = JsonSerializer.Serialize(
            new MapItemPayload { Parent = new("SFN_TASK#acme", "t#1"), Index = 0, Failure = new() { Error = "E" } },
            LambdaEventsJsonContext.Default.MapItemPayload);
        using var fields = JsonDocument.Parse(request);

        var names = payload.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(expected, names);
        Assert.All(names, n => Assert.True(fields.RootElement.TryGetProperty(n.TrimEnd('$').TrimEnd('.'), out _), n));
    }

    private static JsonElement ItemStates() =>
        Definition.GetProperty("States").GetProperty("RunSubTasks").GetProperty("ItemProcessor").GetProperty("States");

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "statemachines", "step-function-task.asl.json")));
        return document.RootElement.Clone();
    }
}
