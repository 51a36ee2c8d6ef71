using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.ExceptionHandling;
using Microsoft.Extensions.DependencyInjection;
using static Conveyor.Functions.Tests.Support.StepFunctionFixture;

namespace Conveyor.Functions.Tests.MapItem;

public sealed class MapItemHandlerTests
{
    [Fact]
    public async Task InvokeAsync_WhenRowIsValid_ShouldCompleteTheSubTaskWithItsResult()
    {
        using var harness = new FunctionsHarness();
        await StartedParentAsync(harness, """[{"email":" Ann@Example.com "},{"name":"no email"}]""", key: RecordedParent);

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<MapItemHandler>(), "map-item.json");

        Assert.Equal("""{"status":"COMPLETED"}""", System.Text.Encoding.UTF8.GetString(bytes.Span));
        var subTask = await harness.GetTaskAsync(TaskKeys.SubTask(RecordedParent, 0));
        Assert.Equal(TrackedTaskStatus.Completed, subTask.Status);
        Assert.Equal("ann@example.com", subTask.Result!.Value.GetProperty("email").GetString());
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(subTask.Key), n => n.Action == "sub-task-status" && n.Content.GetProperty("status").GetString() == "COMPLETED");
    }

    [Fact]
    public async Task HandleAsync_WhenRowIsInvalid_ShouldFailTheSubTaskAndReturnFailed()
    {
        using var harness = new FunctionsHarness();
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"},{"name":"no email"}]""");

        var response = await harness.Get<MapItemHandler>().HandleAsync(Item(parent, 1), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("FAILED", response.Status);
        var subTask = await harness.GetTaskAsync(TaskKeys.SubTask(parent, 1));
        Assert.Equal(TrackedTaskStatus.Failed, subTask.Status);
        Assert.Equal("row 1: email is missing", subTask.Error!.Message);
    }

    [Fact]
    public async Task HandleAsync_WhenAttemptFailsTransiently_ShouldMarkErroredThrowTheRetryableErrorAndSucceedOnRetry()
    {
        var flaky = new CountingProcessor("flaky", (task, run) => run == 1 ? throw new TimeoutException("slow downstream") : task.Input.Clone());
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(flaky));
        var parent = await StartedParentAsync(harness, """[{"n":1}]""", type: "flaky");
        var handler = harness.Get<MapItemHandler>();

        var error = await Assert.ThrowsAsync<SubTaskAttemptFailedException>(() => handler.HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None));
        var errored = await harness.GetTaskAsync(TaskKeys.SubTask(parent, 0));
        var retried = await handler.HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("SubTaskAttemptFailedException", LambdaErrors.FromException(error).ErrorType);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(TrackedTaskStatus.Errored, errored.Status);
        Assert.Equal(nameof(TimeoutException), errored.Error!.Type);
        Assert.Equal("COMPLETED", retried.Status);
        Assert.Equal(2, flaky.Runs);
    }

    [Fact]
    public async Task InvokeAsync_WhenRetriesAreExhausted_ShouldRecordTheFailure()
    {
        using var harness = new FunctionsHarness();
        await StartedParentAsync(harness, """[{"email":"a@x"},{"name":"no email"}]""", key: RecordedParent);

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<MapItemHandler>(), "map-item-failure.json");

        using var response = JsonDocument.Parse(bytes);
        Assert.Equal("FAILED", response.RootElement.GetProperty("status").GetString());
        var subTask = await harness.GetTaskAsync(TaskKeys.SubTask(RecordedParent, 1));
        Assert.Equal(TrackedTaskStatus.Failed, subTask.Status);
        Assert.Equal("SubTaskAttemptFailedException", subTask.Error!.Type);
        Assert.Equal("row 1: email is missing", subTask.Error.Message);
    }

    [Fact]
    public async Task HandleAsync_WhenACompletedSubTaskIsDeliveredAgain_ShouldReturnItsStatusWithoutRunning()
    {
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var parent = await StartedParentAsync(harness, """[{"n":1}]""", type: "count");
        var handler = harness.Get<MapItemHandler>();

        await handler.HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);
        var again = await handler.HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);
        var lateFailure = await handler.HandleAsync(Item(parent, 0, new() { Error = "States.Timeout" }), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("COMPLETED", again.Status);
        Assert.Equal("COMPLETED", lateFailure.Status);
        Assert.Equal(1, counter.Runs);
        Assert.Equal(TrackedTaskStatus.Completed, (await harness.GetTaskAsync(TaskKeys.SubTask(parent, 0))).Status);
    }

    [Fact]
    public async Task HandleAsync_WhenThePreviousAttemptWasInterrupted_ShouldMarkErroredAndRunAgain()
    {
        var counter = new CountingProcessor("count");
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(counter));
        var parent = await StartedParentAsync(harness, """[{"n":1}]""", type: "count");
        var key = TaskKeys.SubTask(parent, 0);
        await harness.Tasks.UpdateSubTaskStatusAsync(key, TrackedTaskStatus.Processing, null, CancellationToken.None);

        var response = await harness.Get<MapItemHandler>().HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("COMPLETED", response.Status);
        Assert.Equal(1, counter.Runs);
        await harness.RelayModificationsAsync();
        var statuses = harness.Notifier.ForKey(key).Select(n => n.Content.GetProperty("status").GetString());
        Assert.Equal(["PROCESSING", "ERRORED", "PROCESSING", "COMPLETED"], statuses);
    }

    [Fact]
    public async Task HandleAsync_WhenTheSubTaskDoesNotExist_ShouldThrowTaskNotFound()
    {
        using var harness = new FunctionsHarness();
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"}]""");

        await Assert.ThrowsAsync<TaskNotFoundException>(() =>
            harness.Get<MapItemHandler>().HandleAsync(Item(parent, 5), FunctionsHarness.Context(), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WhenTheParentIsNotAStepFunctionTask_ShouldRejectTheRequest()
    {
        using var harness = new FunctionsHarness();

        await Assert.ThrowsAsync<Core.Validation.ValidationException>(() =>
            harness.Get<MapItemHandler>().HandleAsync(Item(new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7"), 0), FunctionsHarness.Context(), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WhenABatchHasABadRow_ShouldFailOnlyThatRowAndCompleteItsBatchMates()
    {
        using var harness = new FunctionsHarness();
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"},{"name":"no email"},{"email":"c@x"}]""");

        var response = await harness.Get<MapItemHandler>().HandleAsync(Batch(parent, [0, 1, 2]), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(["COMPLETED", "FAILED", "COMPLETED"], response.Statuses);
        Assert.Null(response.Status);
        Assert.Equal("row 1: email is missing", (await harness.GetTaskAsync(TaskKeys.SubTask(parent, 1))).Error!.Message);
        await harness.RelayModificationsAsync();
        Assert.All(new[] { 0, 1, 2 }, i => Assert.Contains(harness.Notifier.ForKey(TaskKeys.SubTask(parent, i)), n => n.Action == "sub-task-status"));
    }

    [Fact]
    public async Task HandleAsync_WhenABatchRuns_ShouldReadItOnceAndWriteEachSubtasksEndWithTheNextOnesClaim()
    {
        FunctionsHarness? owner = null;
        var counting = new WriteCountingStore(() => owner!.Store);
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskStore>(counting));
        owner = harness;
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"},{"name":"no email"},{"email":"c@x"}]""");
        counting.Reset();

        var response = await harness.Get<MapItemHandler>().HandleAsync(Batch(parent, [0, 1, 2]), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(["COMPLETED", "FAILED", "COMPLETED"], response.Statuses);
        // One read of the batch; the first claim, then each end with the next claim, then the last end: 4 writes, not 6.
        Assert.Equal(1, counting.Reads);
        Assert.Equal(4, counting.Writes);
        foreach (var i in new[] { 0, 1, 2 })
        {
            var changes = harness.Store.Changes.Where(c => c.NewImage.Key == TaskKeys.SubTask(parent, i)).Select(c => c.NewImage.Status).ToList();
            Assert.Equal([TrackedTaskStatus.Created, TrackedTaskStatus.Processing, i == 1 ? TrackedTaskStatus.Failed : TrackedTaskStatus.Completed], changes);
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenTheBatchEventIsTheRecordedOne_ShouldAnswerTheStatusesInItemOrder()
    {
        using var harness = new FunctionsHarness();
        await StartedParentAsync(harness, """[{"email":"a@x"},{"name":"no email"}]""", key: RecordedParent);

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<MapItemHandler>(), "map-item-batch.json");

        Assert.Equal("""{"statuses":["COMPLETED","FAILED"]}""", System.Text.Encoding.UTF8.GetString(bytes.Span));
    }

    [Fact]
    public async Task HandleAsync_WhenARowFailsTransientlyInABatch_ShouldRetryItInTheInvocationWithItsOwnErroredRecord()
    {
        var flaky = new CountingProcessor("flaky", (task, run) => run == 1 ? throw new TimeoutException("slow downstream") : task.Input.Clone());
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(flaky));
        var parent = await StartedParentAsync(harness, """[{"n":1},{"n":2}]""", type: "flaky");

        var running = harness.Get<MapItemHandler>().HandleAsync(Batch(parent, [0, 1]), FunctionsHarness.Context(), CancellationToken.None);
        while (!running.IsCompleted)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1)); // the retry's jittered delay runs on the injected clock
            await Task.Delay(5);
        }

        Assert.Equal(["COMPLETED", "COMPLETED"], (await running).Statuses);
        Assert.Equal(3, flaky.Runs);
        await harness.RelayModificationsAsync();
        var first = harness.Notifier.ForKey(TaskKeys.SubTask(parent, 0)).Select(n => n.Content.GetProperty("status").GetString());
        Assert.Equal(["PROCESSING", "ERRORED", "PROCESSING", "COMPLETED"], first);
    }

    [Fact]
    public async Task HandleAsync_WhenARowFailsOnEveryAttemptInABatch_ShouldFailItAfterThreeAttempts()
    {
        var broken = new CountingProcessor("broken", (task, _) => task.Input.GetProperty("n").GetInt32() == 2 ? throw new TimeoutException("always") : task.Input.Clone());
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(broken));
        var parent = await StartedParentAsync(harness, """[{"n":1},{"n":2},{"n":3}]""", type: "broken");

        var running = harness.Get<MapItemHandler>().HandleAsync(Batch(parent, [0, 1, 2]), FunctionsHarness.Context(), CancellationToken.None);
        while (!running.IsCompleted)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.Equal(["COMPLETED", "FAILED", "COMPLETED"], (await running).Statuses);
        Assert.Equal(2 + SubTaskBatchRunner.MaxAttempts, broken.Runs);
        Assert.Equal(nameof(TimeoutException), (await harness.GetTaskAsync(TaskKeys.SubTask(parent, 1))).Error!.Type);
    }

    [Fact]
    public async Task HandleAsync_WhenTheInvocationsTimeRunsOut_ShouldKeepWhatEndedThrowAndFinishOnTheNextInvocation()
    {
        FunctionsHarness? owner = null;
        // Each row takes 30 s on the harness clock; the first invocation has 70 s (65 s after the reserve): three rows start.
        var slow = new CountingProcessor("slow", (task, _) =>
        {
            owner!.Clock.Advance(TimeSpan.FromSeconds(30));
            return task.Input.Clone();
        });
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(slow));
        owner = harness;
        var parent = await StartedParentAsync(harness, """[{"n":1},{"n":2},{"n":3},{"n":4}]""", type: "slow");
        var handler = harness.Get<MapItemHandler>();
        var shortContext = new Conveyor.Functions.Invocation.InProcessLambdaContext("req-1", "test", DateTimeOffset.UtcNow.AddSeconds(70));

        var error = await Assert.ThrowsAsync<SubTaskBatchIncompleteException>(() => handler.HandleAsync(Batch(parent, [0, 1, 2, 3]), shortContext, CancellationToken.None));
        var statuses = await Task.WhenAll(new[] { 0, 1, 2, 3 }.Select(async i => (await harness.GetTaskAsync(TaskKeys.SubTask(parent, i))).Status));
        var again = await handler.HandleAsync(Batch(parent, [0, 1, 2, 3]), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Contains("1 of 4", error.Message, StringComparison.Ordinal);
        Assert.Equal([TrackedTaskStatus.Completed, TrackedTaskStatus.Completed, TrackedTaskStatus.Completed, TrackedTaskStatus.Created], statuses);
        Assert.Equal(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"], again.Statuses);
        Assert.Equal(4, slow.Runs);
    }

    [Fact]
    public async Task HandleAsync_WhenABatchsRetriesAreExhausted_ShouldFailOnlyItsUnfinishedRows()
    {
        using var harness = new FunctionsHarness();
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"},{"email":"b@x"}]""");
        await harness.Get<MapItemHandler>().HandleAsync(Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);

        var response = await harness.Get<MapItemHandler>().HandleAsync(
            Batch(parent, [0, 1], new() { Error = "States.Timeout", Cause = "The batch timed out" }), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(["COMPLETED", "FAILED"], response.Statuses);
        var failed = await harness.GetTaskAsync(TaskKeys.SubTask(parent, 1));
        Assert.Equal("States.Timeout", failed.Error!.Type);
        Assert.Equal("The batch timed out", failed.Error.Message);
    }

    [Fact]
    public async Task HandleAsync_WhenTheEventHasNeitherIndexNorItems_ShouldRefuseWithAValidationError()
    {
        using var harness = new FunctionsHarness();
        var parent = await StartedParentAsync(harness, """[{"email":"a@x"}]""");

        var error = await Assert.ThrowsAsync<Conveyor.Core.Validation.ValidationException>(() => harness.Get<MapItemHandler>().HandleAsync(
            new() { Parent = new(parent.Pk, parent.Sk) }, FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains("\"Items\"", error.Message, StringComparison.Ordinal);
    }
}
