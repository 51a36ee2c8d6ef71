using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.StepFunctions;

/// <summary>
/// A step-function task through its functions as the state machine would call them: StreamFanOut starts it, MapItem
/// runs (or records the failure of) each subtask, Finalize sets the parent's outcome.
/// </summary>
public sealed class StepFunctionTaskEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string Parent = "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";

    [Fact]
    public async Task MapItemThenFinalize_WhenOneRowFails_ShouldCompleteOneFailOneAndFinishTheParentWithAnAlarm()
    {
        await StartWorkflowAsync();
        var before = await Tasks.PartitionAsync("SFN_TASK#acme");

        var first = await Fixture.Function("MapItem").InvokeFileAsync("map-item.json");
        var second = await Fixture.Function("MapItem").InvokeFileAsync("map-item-failure.json");
        var finalized = await Fixture.Function("Finalize").InvokeFileAsync("finalize.json");
        var relayed = await Fixture.Function("StreamFanOut").InvokeAsync(TaskRows.ModifyEvent(before, await Tasks.PartitionAsync("SFN_TASK#acme")));
        Assert.Empty(relayed.BatchItemFailures);

        Assert.Equal("COMPLETED", Status(first));
        Assert.Equal("FAILED", Status(second));
        Assert.Equal("FINISHED", Status(finalized));
        var rows = await Tasks.PartitionAsync("SFN_TASK#acme");
        Assert.Equal(["FINISHED", "COMPLETED", "FAILED"], rows.Select(r => r["status"].S));
        Assert.Equal("""{"row":0,"email":"a@example.com"}""", rows[1]["result"].S);
        Assert.Equal("1", rows[0]["attributes"].M["subTaskFailedCount"].N);
        var alarm = Assert.Single(await Stack.ReceiveAllAsync(Stack.AlarmObserverQueueUrl));
        Assert.Equal("sfn-alarm", alarm.MessageAttributes["action"].StringValue);
        var subTaskNotifications = (await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl))
            .Where(n => n.MessageAttributes["action"].StringValue == "sub-task-status")
            .ToList();
        Assert.NotEmpty(subTaskNotifications);
    }

    [Fact]
    public async Task Finalize_WhenExecutionFailed_ShouldFailTheParentAndRaiseTheAlarm()
    {
        await StartWorkflowAsync();
        var before = await Tasks.PartitionAsync("SFN_TASK#acme");

        var finalized = await Fixture.Function("Finalize").InvokeFileAsync("finalize-execution-failed.json");
        var relayed = await Fixture.Function("StreamFanOut").InvokeAsync(TaskRows.ModifyEvent(before, await Tasks.PartitionAsync("SFN_TASK#acme")));
        Assert.Empty(relayed.BatchItemFailures);

        Assert.Equal("FAILED", Status(finalized));
        Assert.Equal("FAILED", await Tasks.StatusAsync("SFN_TASK#acme", Parent));
        var alarm = Assert.Single(await Stack.ReceiveAllAsync(Stack.AlarmObserverQueueUrl));
        using var body = JsonDocument.Parse(alarm.Body);
        Assert.Contains("States.Runtime", body.RootElement.GetProperty("content").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        await finalized.LoggedAsync("ERROR", "failed: States.Runtime");
    }

    [Fact]
    public async Task MapItem_WhenParentIsNotAStepFunctionTask_ShouldFailWithATypedError()
    {
        var result = await Fixture.Function("MapItem").InvokeAsync("""{"parent":{"pk":"TASK#acme","sk":"echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7"},"index":0}""");

        Assert.True(result.IsError);
        Assert.Equal("ValidationException", result.Body.GetProperty("errorType").GetString());
        Assert.Equal("ValidationException", result.Outcome.ErrorTypeHeader);
    }

    private async Task StartWorkflowAsync()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-step-function-task.json");
        var started = await Fixture.Function("StreamFanOut").InvokeFileAsync("stream-insert-step-function-task.json");
        Assert.Empty(started.BatchItemFailures);
        Assert.Equal("STARTED", await Tasks.StatusAsync("SFN_TASK#acme", Parent));
    }

    private static string? Status(FunctionResult result)
    {
        Assert.False(result.IsError, result.Outcome.Body);
        return result.Body.GetProperty("status").GetString();
    }
}
