using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.TaskWorker;

public sealed class TaskWorkerEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string FirstSk = "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7";
    private const string SecondSk = "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X8";

    private RunningFunction Function => Fixture.Function("TaskWorker");

    [Fact]
    public async Task Invoke_WhenQueuedTaskDelivered_ShouldCompleteItAndNotifyThroughSnsWithTheActionAttribute()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);
        var before = await Tasks.PartitionAsync("TASK#acme");

        var result = await Function.InvokeFileAsync("sqs-task-batch.json");
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl)); // The worker writes; it does not notify.
        var relayed = await Fixture.Function("StreamFanOut").InvokeAsync(TaskRows.ModifyEvent(before, await Tasks.PartitionAsync("TASK#acme")));

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Empty(result.BatchItemFailures);
        Assert.False(relayed.IsError, relayed.Outcome.Body);
        Assert.Empty(relayed.BatchItemFailures);
        var row = await Tasks.GetAsync("TASK#acme", FirstSk);
        Assert.Equal("COMPLETED", row!["status"].S);
        Assert.Equal("""{"message":"hello"}""", row["result"].S);
        var notifications = await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl);
        Assert.All(notifications, n => Assert.Equal("task-status", n.MessageAttributes["action"].StringValue));
        var statuses = notifications.Select(n => JsonDocument.Parse(n.Body).RootElement)
            .Where(n => n.GetProperty("sk").GetString() == FirstSk)
            .Select(n => n.GetProperty("content").GetProperty("status").GetString())
            .ToList();
        Assert.Contains("COMPLETED", statuses);
    }

    [Fact]
    public async Task Invoke_WhenBatchHasOnePoisonMessage_ShouldReportExactlyItAndCompleteTheOthers()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);
        await Tasks.SeedFromStreamEventAsync("stream-insert-unknown-task.json", record: 1, status: "QUEUED", version: 2);

        var result = await Function.InvokeFileAsync("sqs-task-batch-with-poison.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Equal(["22222222-0000-4000-8000-000000000002"], result.BatchItemFailures);
        Assert.Equal("COMPLETED", await Tasks.StatusAsync("TASK#acme", FirstSk));
        Assert.Equal("COMPLETED", await Tasks.StatusAsync("TASK#acme", SecondSk));
        var log = await result.LoggedAsync("ERROR", "Poison message");
        Assert.Equal("22222222-0000-4000-8000-000000000002", log.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task Invoke_WhenThePoisonMessageFailsItsLastReceive_ShouldDeadLetterItWithItsCauseAndReportNoFailure()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);
        await Tasks.SeedFromStreamEventAsync("stream-insert-unknown-task.json", record: 1, status: "QUEUED", version: 2);
        // The same batch, every message on its fifth receive: the queue's maxReceiveCount and the worker's MaxAttempts.
        var lastReceive = File.ReadAllText(Repository.Event("sqs-task-batch-with-poison.json"))
            .Replace("\"ApproximateReceiveCount\": \"1\"", "\"ApproximateReceiveCount\": \"5\"", StringComparison.Ordinal);

        var result = await Function.InvokeAsync(lastReceive);

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Empty(result.BatchItemFailures);
        Assert.Equal("COMPLETED", await Tasks.StatusAsync("TASK#acme", FirstSk));
        var dead = Assert.Single(await Stack.ReceiveAllAsync(Stack.TaskDeadLetterQueueUrl));
        Assert.Equal("this is not json", dead.Body);
        Assert.Equal("PoisonMessageException", dead.MessageAttributes["ErrorType"].StringValue);
        Assert.Contains("is not a task-queue message", dead.MessageAttributes["ErrorMessage"].StringValue, StringComparison.Ordinal);
        Assert.Equal("22222222-0000-4000-8000-000000000002", dead.MessageAttributes["SourceMessageId"].StringValue);
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:conveyor-dev-tasks", dead.MessageAttributes["SourceQueue"].StringValue);
        Assert.Equal("5", dead.MessageAttributes["ReceiveCount"].StringValue);
        await result.LoggedAsync("ERROR", "dead-lettered with this cause");
    }
}
