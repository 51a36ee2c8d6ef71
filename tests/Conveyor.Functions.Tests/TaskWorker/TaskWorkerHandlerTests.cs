using System.Text.Json;
using Conveyor.App.Processors;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Conveyor.Functions.TaskWorker;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.TaskWorker;

public sealed class TaskWorkerHandlerTests
{
    [Fact]
    public async Task InvokeAsync_WhenBatchHasAPoisonMessage_ShouldReportOnlyThePoisonAndCompleteTheOthers()
    {
        using var harness = new FunctionsHarness();
        var first = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", """{"message":"one"}""");
        var second = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X8", """{"message":"two"}""");

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<TaskWorkerHandler>(), "sqs-task-batch-with-poison.json");

        var response = JsonSerializer.Deserialize(bytes.Span, SqsEventJsonContext.Default.BatchResponse)!;
        Assert.Equal("22222222-0000-4000-8000-000000000002", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        foreach (var key in new[] { first, second })
        {
            var task = await harness.GetTaskAsync(key);
            Assert.Equal(TrackedTaskStatus.Completed, task.Status);
            Assert.Equal(task.Input.GetRawText(), task.Result!.Value.GetRawText());
        }
    }

    [Fact]
    public async Task HandleAsync_WhenAPoisonMessageFailsOnItsLastReceive_ShouldDeadLetterItWithItsCauseAndAcknowledgeIt()
    {
        using var harness = new FunctionsHarness();
        var poison = FunctionsHarness.Message("not a task {", FunctionsHarness.Options.MaxAttempts, "m-poison");

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(new SqsEvent { Records = [poison] }, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        var letter = Assert.Single(harness.DeadLetters.Letters);
        Assert.Equal(("m-poison", "not a task {", "arn:aws:sqs:us-east-1:123456789012:conveyor-dev-tasks", 3), (letter.MessageId, letter.Body, letter.SourceQueue, letter.ReceiveCount));
        Assert.Equal(nameof(PoisonMessageException), letter.ErrorType);
        Assert.Contains("is not a task-queue message", letter.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(letter.Attributes, a => a.Key == DeadLetter.ErrorTypeAttribute && a.Value == nameof(PoisonMessageException));
    }

    [Fact]
    public async Task HandleAsync_WhenAMessageNamesAMissingTaskOnItsLastReceive_ShouldDeadLetterItWithTaskNotFound()
    {
        using var harness = new FunctionsHarness();
        var missing = new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");

        await harness.Get<TaskWorkerHandler>().HandleAsync(FunctionsHarness.Message(new TaskQueueMessage(missing, "acme", "echo"), receiveCount: 3), CancellationToken.None);

        var letter = Assert.Single(harness.DeadLetters.Letters);
        Assert.Equal(nameof(TaskNotFoundException), letter.ErrorType);
        Assert.Contains(missing.Id, letter.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenAPoisonMessageFailsBeforeItsLastReceive_ShouldReportItAndDeadLetterNothing()
    {
        using var harness = new FunctionsHarness();

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(
            new SqsEvent { Records = [FunctionsHarness.Message("not a task {", FunctionsHarness.Options.MaxAttempts - 1, "m-poison")] }, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("m-poison", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(harness.DeadLetters.Letters);
    }

    [Fact]
    public async Task HandleAsync_WhenTheDeadLetterQueueCannotBeReached_ShouldReportTheMessageSoTheRedriveKeepsIt()
    {
        using var harness = new FunctionsHarness();
        harness.DeadLetters.Failure = new IOException("dlq unreachable");

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(
            new SqsEvent { Records = [FunctionsHarness.Message("not a task {", FunctionsHarness.Options.MaxAttempts, "m-poison")] }, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("m-poison", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(harness.DeadLetters.Letters);
    }

    [Fact]
    public async Task HandleAsync_WhenHandlerFailsTransiently_ShouldMarkErroredAndReportTheMessage()
    {
        using var harness = new FunctionsHarness();
        var key = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", """{"fail":"transient"}""");
        var message = FunctionsHarness.Message(new TaskQueueMessage(key, "acme", "echo"), receiveCount: 1, messageId: "m1");

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(new SqsEvent { Records = [message] }, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        var task = await harness.GetTaskAsync(key);
        Assert.Equal(TrackedTaskStatus.Errored, task.Status);
        Assert.Equal(nameof(EchoTransientException), task.Error!.Type);
    }

    [Fact]
    public async Task HandleAsync_WhenEveryAttemptFails_ShouldEndFailedAtMaxAttempts()
    {
        using var harness = new FunctionsHarness();
        var worker = harness.Get<TaskWorkerHandler>();
        var key = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", """{"fail":"transient"}""");
        var body = new TaskQueueMessage(key, "acme", "echo");

        await Assert.ThrowsAsync<TaskAttemptFailedException>(() => worker.HandleAsync(FunctionsHarness.Message(body, 1), CancellationToken.None));
        await Assert.ThrowsAsync<TaskAttemptFailedException>(() => worker.HandleAsync(FunctionsHarness.Message(body, 2), CancellationToken.None));
        await worker.HandleAsync(FunctionsHarness.Message(body, 3), CancellationToken.None);

        var task = await harness.GetTaskAsync(key);
        Assert.Equal(TrackedTaskStatus.Failed, task.Status);
        Assert.Equal(nameof(EchoTransientException), task.Error!.Type);
    }

    [Fact]
    public async Task HandleAsync_WhenHandlerFailsPermanently_ShouldFailTheTaskAndAcknowledge()
    {
        using var harness = new FunctionsHarness();
        var key = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", """{"fail":"permanent"}""");

        await harness.Get<TaskWorkerHandler>().HandleAsync(FunctionsHarness.Message(new TaskQueueMessage(key, "acme", "echo")), CancellationToken.None);

        var task = await harness.GetTaskAsync(key);
        Assert.Equal(TrackedTaskStatus.Failed, task.Status);
        Assert.Equal(nameof(PermanentTaskFailureException), task.Error!.Type);
    }

    [Fact]
    public async Task HandleAsync_WhenACompletedTaskIsDeliveredAgain_ShouldNotRunItAgain()
    {
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var key = await StoreQueuedAsync(harness, "count#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "{}");
        var body = new TaskQueueMessage(key, "acme", "count");
        var worker = harness.Get<TaskWorkerHandler>();

        await worker.HandleAsync(FunctionsHarness.Message(body, 1), CancellationToken.None);
        await worker.HandleAsync(FunctionsHarness.Message(body, 1), CancellationToken.None);
        await worker.HandleAsync(FunctionsHarness.Message(body, 2), CancellationToken.None);

        Assert.Equal(1, counter.Runs);
        Assert.Equal(TrackedTaskStatus.Completed, (await harness.GetTaskAsync(key)).Status);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(key), n => n.Content.GetProperty("status").GetString() == "COMPLETED");
    }

    [Fact]
    public async Task HandleAsync_WhenOneBatchCarriesATaskTwiceAndAnother_ShouldRunEachTaskOnceAndAcknowledgeAll()
    {
        // The batch's rows are read ahead together: the duplicate's row is stale by its turn, so its claim is lost and
        // the fresh read finds the task ended.
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var first = await StoreQueuedAsync(harness, "count#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "{}");
        var second = await StoreQueuedAsync(harness, "count#01KAQ6Z7D2V8Y3R5N4M1B0C9X8", "{}");
        var batch = new SqsEvent
        {
            Records =
            [
                FunctionsHarness.Message(new TaskQueueMessage(first, "acme", "count"), 1, "m-1"),
                FunctionsHarness.Message(new TaskQueueMessage(first, "acme", "count"), 1, "m-1-again"),
                FunctionsHarness.Message(new TaskQueueMessage(second, "acme", "count"), 1, "m-2"),
            ],
        };

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(2, counter.Runs);
        Assert.Equal(TrackedTaskStatus.Completed, (await harness.GetTaskAsync(first)).Status);
        Assert.Equal(TrackedTaskStatus.Completed, (await harness.GetTaskAsync(second)).Status);
    }

    [Theory]
    [InlineData(1, 0, TrackedTaskStatus.Processing)]
    [InlineData(2, 1, TrackedTaskStatus.Completed)]
    public async Task HandleAsync_WhenTaskIsFoundProcessing_ShouldDropAFirstDeliveryAndRerunARedelivery(int receiveCount, int expectedRuns, TrackedTaskStatus expected)
    {
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var key = await StoreQueuedAsync(harness, "count#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "{}");
        await harness.Tasks.UpdateStatusAsync(key, TrackedTaskStatus.Processing, null, CancellationToken.None);

        await harness.Get<TaskWorkerHandler>().HandleAsync(FunctionsHarness.Message(new TaskQueueMessage(key, "acme", "count"), receiveCount), CancellationToken.None);

        Assert.Equal(expectedRuns, counter.Runs);
        Assert.Equal(expected, (await harness.GetTaskAsync(key)).Status);
    }

    [Fact]
    public async Task HandleAsync_WhenTheTaskDoesNotExist_ShouldFailTheMessage()
    {
        using var harness = new FunctionsHarness();
        var missing = new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");

        await Assert.ThrowsAsync<TaskNotFoundException>(() =>
            harness.Get<TaskWorkerHandler>().HandleAsync(FunctionsHarness.Message(new TaskQueueMessage(missing, "acme", "echo")), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WhenFifoBatchFailsEarly_ShouldReportTheRestAsFailedUnprocessed()
    {
        using var harness = new FunctionsHarness();
        var key = await StoreQueuedAsync(harness, "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "{}");
        const string fifo = "arn:aws:sqs:us-east-1:123456789012:conveyor-dev-tasks.fifo";
        var batch = new SqsEvent
        {
            Records =
            [
                FunctionsHarness.Message("not json", messageId: "poison") with { EventSourceArn = fifo },
                FunctionsHarness.Message(new TaskQueueMessage(key, "acme", "echo"), messageId: "valid") with { EventSourceArn = fifo },
            ],
        };

        var response = await harness.Get<TaskWorkerHandler>().HandleAsync(batch, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(["poison", "valid"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(TrackedTaskStatus.Queued, (await harness.GetTaskAsync(key)).Status);
    }

    private static async Task<TaskKey> StoreQueuedAsync(FunctionsHarness harness, string sk, string inputJson)
    {
        using var input = JsonDocument.Parse(inputJson);
        var now = harness.Clock.GetUtcNow();
        var task = new TrackedTask
        {
            Key = new TaskKey("TASK#acme", sk),
            Tenant = "acme",
            Type = sk.Split('#')[0],
            Name = sk.Split('#')[0],
            Status = TrackedTaskStatus.Queued,
            Input = input.RootElement.Clone(),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await harness.Store.CreateAsync(task, null, CancellationToken.None);
        return task.Key;
    }
}
