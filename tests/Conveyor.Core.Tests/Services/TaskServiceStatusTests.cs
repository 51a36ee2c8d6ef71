using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Core.Validation;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

public sealed class TaskServiceStatusTests
{
    [Fact]
    public async Task UpdateStatusAsync_WhenEachStepOfALifecycle_ShouldRecordChangesThatNotifyTaskStatusWithKeyAndStatus()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();

        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, Ct);
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Errored, new TaskStatusDetails(Error: new TaskError("Timeout", "slow")), Ct);
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, Ct);
        var done = await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Json("""{"rows":3}""")), Ct);

        var published = harness.Relayed.Published;
        Assert.Equal(["QUEUED", "PROCESSING", "ERRORED", "PROCESSING", "COMPLETED"], published.Select(n => n.Content.GetProperty("status").GetString()));
        Assert.All(published, n =>
        {
            Assert.Equal(NotificationActions.TaskStatus, n.Action);
            Assert.Equal(task.Key, n.Key);
            Assert.Equal(task.Id, n.Id);
            Assert.Equal("acme", n.TenantCode);
            Assert.Equal(JsonValueKind.Null, n.Content.GetProperty("attributes").ValueKind);
        });
        Assert.Equal([2L, 3L, 4L, 5L, 6L], published.Select(n => long.Parse(n.DeduplicationId!.Split("#v")[1].Split('#')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(harness.Notifier.Published); // The service publishes nothing itself: the change feed does.
        Assert.Equal(6, done.Version);
        Assert.Equal(3, done.Result!.Value.GetProperty("rows").GetInt32());
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task UpdateStatusAsync_FromTheObservedRow_ShouldWriteOnItsVersionWithoutReadingAgain()
    {
        var memory = new InMemoryTaskStore();
        var store = new FlakyTaskStore(memory);
        var harness = new ServiceHarness(store, memory);
        var task = await harness.CreateAsync();
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);
        var claimed = await harness.Service.TryClaimAsync((await harness.Service.GetAsync(task.Key, Ct))!, Ct);
        var reads = store.GetCalls;

        var done = await harness.Service.UpdateStatusAsync(claimed!, TrackedTaskStatus.Completed, new TaskStatusDetails(Json("""{"n":1}""")), Ct);

        Assert.Equal(reads, store.GetCalls);
        Assert.Equal(TrackedTaskStatus.Completed, done.Status);
        Assert.Equal(claimed!.Version + 1, done.Version);
        Assert.Equal(done, await harness.Service.GetAsync(task.Key, Ct));
        Assert.Equal(["QUEUED", "PROCESSING", "COMPLETED"], harness.Relayed.Published.Select(n => n.Content.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task UpdateStatusAsync_FromAnObservedRowThatChangedSince_ShouldMoveTheStoredRowOnAFreshRead()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);
        var stale = (await harness.Service.GetAsync(task.Key, Ct))!;
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, Ct);

        var errored = await harness.Service.UpdateStatusAsync(stale, TrackedTaskStatus.Errored, new TaskStatusDetails(Error: new TaskError("Boom", "it broke")), Ct);

        // Written on the stored version (PROCESSING, v3), not on the stale QUEUED v2: the change is recorded once.
        Assert.Equal(TrackedTaskStatus.Errored, errored.Status);
        Assert.Equal(4, errored.Version);
        Assert.Equal(["QUEUED", "PROCESSING", "ERRORED"], harness.Relayed.Published.Select(n => n.Content.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task UpdateSubTaskStatusAsync_WhenSubTaskMoves_ShouldPublishSubTaskStatus()
    {
        var harness = new ServiceHarness();
        var (_, subTasks) = await harness.CreateStartedParentAsync(2);
        harness.Relayed.Clear();

        await harness.Service.UpdateSubTaskStatusAsync(subTasks[1].Key, TrackedTaskStatus.Processing, null, Ct);

        var notification = Assert.Single(harness.Relayed.Published);
        Assert.Equal(NotificationActions.SubTaskStatus, notification.Action);
        Assert.Equal(subTasks[1].Key, notification.Key);
        Assert.Equal("PROCESSING", notification.Content.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UpdateSubTaskStatusAsync_WhenKeyIsNotASubTask_ShouldThrowValidation()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.UpdateSubTaskStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct));
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Failed)]
    [InlineData(TrackedTaskStatus.Errored)]
    public async Task UpdateStatusAsync_WhenFailingWithoutError_ShouldThrowValidationAndNotWrite(TrackedTaskStatus to)
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.UpdateStatusAsync(task.Key, to, new TaskStatusDetails(), Ct));

        Assert.Equal(TrackedTaskStatus.Queued, (await harness.Service.GetAsync(task.Key, Ct))!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenTaskMissing_ShouldThrowNotFound()
    {
        var harness = new ServiceHarness();
        var key = TaskKeys.NewTask("acme", "import", Ids.Ulid.NewUlid(Start), stepFunction: false);

        await Assert.ThrowsAsync<TaskNotFoundException>(() => harness.Service.UpdateStatusAsync(key, TrackedTaskStatus.Queued, null, Ct));
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenIllegalFromStoredStatus_ShouldThrowIllegalTransitionWithoutNotification()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();
        harness.Relayed.Clear();

        var error = await Assert.ThrowsAsync<IllegalTransitionException>(() => harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, null, Ct));

        Assert.Equal(TrackedTaskStatus.Created, error.From);
        Assert.Empty(harness.Relayed.Published);
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenWriteLosesRaceOnce_ShouldRetryOnFreshReadAndSucceed()
    {
        var memory = new InMemoryTaskStore();
        var flaky = new FlakyTaskStore(memory, conflicts: 1);
        var harness = new ServiceHarness(flaky, memory);
        var task = await harness.CreateAsync();

        var queued = await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);

        Assert.Equal(TrackedTaskStatus.Queued, queued.Status);
        Assert.Equal(2, flaky.UpdateCalls);
        Assert.Single(harness.Relayed.Published);
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenEveryWriteConflicts_ShouldGiveUpAfterMaxAttempts()
    {
        var memory = new InMemoryTaskStore();
        var flaky = new FlakyTaskStore(memory, conflicts: int.MaxValue);
        var harness = new ServiceHarness(flaky, memory);
        var task = await harness.CreateAsync();

        await Assert.ThrowsAsync<TaskConflictException>(() => harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct));

        Assert.Equal(TaskService.MaxWriteAttempts, flaky.UpdateCalls);
        Assert.Empty(harness.Relayed.Published);
    }
}
