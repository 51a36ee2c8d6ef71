using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.ScheduleTarget;

public sealed class ScheduleTargetEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private RunningFunction Function => Fixture.Function("ScheduleTarget");

    [Fact]
    public async Task Invoke_WhenTaskPayload_ShouldCreateTheTask()
    {
        var result = await Function.InvokeFileAsync("schedule-create-task.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var row = Assert.Single(await Tasks.PartitionAsync("TASK#acme"));
        Assert.Equal("process-document", row["type"].S);
        Assert.Equal("CREATED", row["status"].S);
        using var input = JsonDocument.Parse(row["input"].S);
        Assert.Equal("contracts/2026 report été.pdf", input.RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Invoke_WhenTheSameFiringIsDeliveredTwice_ShouldCreateOneTaskAndAnswerItBothTimes()
    {
        // EventBridge Scheduler delivers at least once: the redelivery finds the task the first delivery created.
        var first = await Function.InvokeFileAsync("schedule-create-task.json");
        var second = await Function.InvokeFileAsync("schedule-create-task.json");

        Assert.False(first.IsError, first.Outcome.Body);
        Assert.False(second.IsError, second.Outcome.Body);
        var row = Assert.Single(await Tasks.PartitionAsync("TASK#acme"));
        Assert.Equal(first.Body.GetProperty("taskId").GetString(), second.Body.GetProperty("taskId").GetString());
        Assert.Equal(row["id"].S, second.Body.GetProperty("taskId").GetString());
        Assert.Equal((true, false), (first.Body.GetProperty("created").GetBoolean(), second.Body.GetProperty("created").GetBoolean()));
    }

    [Fact]
    public async Task Invoke_WhenCommandPayload_ShouldPublishTheCommandToTheAggregateQueue()
    {
        var result = await Function.InvokeFileAsync("schedule-publish-command.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
        using var command = JsonDocument.Parse(message.Body);
        Assert.Equal("SendWeeklyDigest", command.RootElement.GetProperty("command").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invoke_WhenPayloadTypeUnknown_ShouldFailWithUnknownSchedulePayloadException()
    {
        var result = await Function.InvokeFileAsync("schedule-unknown-type.json");

        Assert.True(result.IsError);
        Assert.Equal("UnknownSchedulePayloadException", result.Body.GetProperty("errorType").GetString());
        Assert.Contains("launch-rocket", result.Body.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Tasks.PartitionAsync("TASK#acme"));
    }
}
