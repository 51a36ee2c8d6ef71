using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Pipeline;

/// <summary>
/// One task through the whole deployed path with nothing hand-made between the functions: the Api executable writes it,
/// StreamFanOut gets the records moto's table stream produced (as Lambda's event source mapping would deliver them),
/// TaskWorker gets the message moto's task queue holds, and the status notifications come out of the stream's MODIFY
/// records through the SNS topic's SQS subscription.
/// </summary>
public sealed class TaskLifecycleEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Lifecycle_WhenTaskPostedThroughApi_ShouldDispatchCompleteAndNotifyFromTheTablesStream()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var streamArn = (await Stack.DynamoDb.DescribeTableAsync(ConveyorStack.TasksTable)).Table.LatestStreamArn;
        var stream = new StreamEventSource(Fixture.Moto, http, streamArn);
        var taskQueue = new SqsEventSource(Stack.Sqs, Stack.TaskQueueUrl);

        // 1. The Api executable creates the task.
        var created = await Fixture.Function("Api").InvokeFileAsync("api-create-task.json");
        Assert.False(created.IsError, created.Outcome.Body);
        Assert.Equal(201, created.Body.GetProperty("statusCode").GetInt32());
        using var createdBody = JsonDocument.Parse(created.Body.GetProperty("body").GetString()!);
        var pk = createdBody.RootElement.GetProperty("pk").GetString()!;
        var sk = createdBody.RootElement.GetProperty("sk").GetString()!;
        Assert.Equal("CREATED", await Tasks.StatusAsync(pk, sk));

        // 2. Its INSERT, as the stream holds it, dispatches it.
        var inserts = await stream.NextBatchAsync();
        Assert.Contains(("INSERT", sk), inserts.Changes);
        Assert.All(inserts.Changes, c => Assert.Equal("INSERT", c.Event));
        var dispatched = await Fixture.Function("StreamFanOut").InvokeAsync(inserts.EventJson);
        Assert.False(dispatched.IsError, dispatched.Outcome.Body);
        Assert.Empty(dispatched.BatchItemFailures);
        Assert.Equal("QUEUED", await Tasks.StatusAsync(pk, sk));
        var messages = await taskQueue.ReceiveAsync(Deadline);
        var message = Assert.Single(messages);
        using (var body = JsonDocument.Parse(message.Body))
        {
            Assert.Equal(pk, body.RootElement.GetProperty("pk").GetString());
            Assert.Equal(sk, body.RootElement.GetProperty("sk").GetString());
        }

        Assert.Empty(await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl, waitSeconds: 0)); // Only MODIFY records notify.

        // 3. The worker runs the message the queue delivered; on success the event source deletes it.
        var worked = await Fixture.Function("TaskWorker").InvokeAsync(await taskQueue.EventAsync(messages));
        Assert.False(worked.IsError, worked.Outcome.Body);
        Assert.Empty(worked.BatchItemFailures);
        await taskQueue.DeleteSucceededAsync(messages, worked.BatchItemFailures);
        var row = await Tasks.GetAsync(pk, sk);
        Assert.Equal("COMPLETED", row!["status"].S);
        Assert.Equal("""{"message":"hello"}""", row["result"].S);
        Assert.Equal(0, await MessagesOnAsync(Stack.TaskQueueUrl));

        // 4. The status changes, as the stream holds them, become the task-status notifications.
        var modifies = await stream.NextBatchAsync();
        Assert.All(modifies.Changes, c => Assert.Equal(("MODIFY", sk), c));
        Assert.Equal(
            ["CREATED->QUEUED", "QUEUED->PROCESSING", "PROCESSING->COMPLETED"],
            modifies.Records.Select(r => $"{Status(r, "OldImage")}->{Status(r, "NewImage")}"));
        var relayed = await Fixture.Function("StreamFanOut").InvokeAsync(modifies.EventJson);
        Assert.False(relayed.IsError, relayed.Outcome.Body);
        Assert.Empty(relayed.BatchItemFailures);
        var notifications = await NotificationsUntilAsync(sk, "COMPLETED");
        Assert.All(notifications, n => Assert.Equal("task-status", n.MessageAttributes["action"].StringValue));
        Assert.Equal(["QUEUED", "PROCESSING", "COMPLETED"], notifications.Select(n => StatusOf(n, sk)));
        Assert.Equal(0, (await stream.NextBatchAsync()).ReadCount); // Relaying notifications writes nothing to the table.
    }

    private static string Status(JsonObject record, string image) =>
        record["dynamodb"]![image]!["status"]!["S"]!.GetValue<string>();

    private static string? StatusOf(Message notification, string sk)
    {
        using var body = JsonDocument.Parse(notification.Body);
        return body.RootElement.GetProperty("sk").GetString() == sk
            ? body.RootElement.GetProperty("content").GetProperty("status").GetString()
            : null;
    }

    /// <summary>Observed status notifications, polled until one for <paramref name="sk"/> says <paramref name="status"/>, then drained.</summary>
    private async Task<List<Message>> NotificationsUntilAsync(string sk, string status)
    {
        var until = DateTime.UtcNow + Deadline;
        var notifications = new List<Message>();
        while (!notifications.Any(n => StatusOf(n, sk) == status) && DateTime.UtcNow < until)
        {
            notifications.AddRange(await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl));
        }

        notifications.AddRange(await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl, waitSeconds: 0));
        return notifications;
    }

    private async Task<int> MessagesOnAsync(string queueUrl)
    {
        var attributes = await Stack.Sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }
}
