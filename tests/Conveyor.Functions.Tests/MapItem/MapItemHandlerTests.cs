using System.Text.Json;
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
}
