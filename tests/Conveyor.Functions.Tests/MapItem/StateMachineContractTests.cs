using System.Text.Json;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.StateMachine;

namespace Conveyor.Functions.Tests.MapItem;

/// <summary>The handlers and statemachines/step-function-task.asl.json must agree on error names and payload fields.</summary>
public sealed class StateMachineContractTests
{
    private static readonly JsonElement Definition = Load();

    [Fact]
    public void Retry_WhenABatchRunsOutOfTime_ShouldMatchTheExceptionTheHandlerThrows()
    {
        var runSubTaskBatch = ItemStates().GetProperty("RunSubTaskBatch");

        var retried = runSubTaskBatch.GetProperty("Retry").EnumerateArray()
            .SelectMany(r => r.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()));

        Assert.Contains(nameof(SubTaskBatchIncompleteException), retried);
    }

    [Fact]
    public void Payload_WhenTheMapInvokesMapItemWithABatch_ShouldPassTheChildInputAsItIs()
    {
        var parameters = ItemStates().GetProperty("RunSubTaskBatch").GetProperty("Parameters");

        Assert.Equal("$", parameters.GetProperty("Payload.$").GetString());
        Assert.Equal("$.Payload.statuses", ItemStates().GetProperty("RunSubTaskBatch").GetProperty("ResultSelector").GetProperty("statuses.$").GetString());
    }

    [Theory]
    [InlineData("RecordBatchFailure", new[] { "Items.$", "BatchInput.$", "failure.$" })]
    public void Payload_WhenTheMapInvokesMapItem_ShouldOnlyUseFieldsTheRequestReads(string state, string[] expected)
    {
        var payload = ItemStates().GetProperty(state).GetProperty("Parameters").GetProperty("Payload");
        var request = JsonSerializer.Serialize(
            new MapItemPayload { Items = [new MapItemBatchItem(0)], BatchInput = new MapItemBatchInput { Parent = new("SFN_TASK#acme", "t#1") }, Failure = new() { Error = "E" } },
            MapItemJsonContext.Default.MapItemPayload);
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
