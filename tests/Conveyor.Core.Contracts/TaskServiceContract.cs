using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Microsoft.Extensions.Time.Testing;
using static Conveyor.Core.Contracts.ContractTasks;

namespace Conveyor.Core.Contracts;

/// <summary>
/// <see cref="TaskService"/> over a real store adapter: terminal-state protection, redelivery without duplicate
/// notifications, and conflicting writers where exactly one wins. Notifications come from the store's change feed
/// (<see cref="ReadChangesAsync"/> through <see cref="TaskChangeNotifications"/>), never from the service itself.
/// </summary>
public abstract class TaskServiceContract
{
    private readonly FakeTimeProvider _time = new(BaseTime);

    protected static CancellationToken Ct => CancellationToken.None;

    protected InMemoryNotifier Notifier { get; } = new();

    protected abstract Task<ITaskStore> CreateStoreAsync();

    /// <summary>Every change the store's change feed recorded so far, oldest first, with decoded old and new images.</summary>
    protected abstract Task<IReadOnlyList<TaskChange>> ReadChangesAsync(ITaskStore store);

    public static TheoryData<TrackedTaskStatus> AllButCompleted =>
        new(Enum.GetValues<TrackedTaskStatus>().Where(s => s != TrackedTaskStatus.Completed));

    [Theory]
    [MemberData(nameof(AllButCompleted))]
    public async Task UpdateStatusAsync_WhenTaskIsCompleted_ShouldRejectEveryOtherStatus(TrackedTaskStatus to)
    {
        var (service, _) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        await service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Json("""{"ok":true}""")), Ct);

        await Assert.ThrowsAsync<IllegalTransitionException>(() =>
            service.UpdateStatusAsync(task.Key, to, new TaskStatusDetails(Error: new TaskError("Late", "late writer")), Ct));

        var stored = await service.GetAsync(task.Key, Ct);
        Assert.Equal(TrackedTaskStatus.Completed, stored!.Status);
        Assert.Equal(task.Version + 1, stored.Version);
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Completed)]
    [InlineData(TrackedTaskStatus.Failed)]
    public async Task UpdateStatusAsync_WhenRedeliveredToSameTerminalStatus_ShouldReturnRowWithoutSecondNotification(TrackedTaskStatus terminal)
    {
        var (service, store) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        var details = new TaskStatusDetails(Json("1"), terminal == TrackedTaskStatus.Failed ? new TaskError("Boom", "boom") : null);
        var first = await service.UpdateStatusAsync(task.Key, terminal, details, Ct);
        var mark = (await ReadChangesAsync(store)).Count;

        var again = await service.UpdateStatusAsync(task.Key, terminal, details, Ct);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(terminal, again.Status);
        Assert.Empty(await NotificationsSinceAsync(store, mark));
        Assert.Empty(Notifier.Published);
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Completed, TrackedTaskStatus.Failed)]
    [InlineData(TrackedTaskStatus.Failed, TrackedTaskStatus.Completed)]
    [InlineData(TrackedTaskStatus.Finished, TrackedTaskStatus.Errored)]
    public async Task UpdateStatusAsync_WhenTwoConflictingWritersRace_ShouldLetExactlyOneWin(TrackedTaskStatus a, TrackedTaskStatus b)
    {
        var (service, store) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        var mark = (await ReadChangesAsync(store)).Count;
        var racing = new TaskService(new ReadBarrierTaskStore(store, parties: 2), Notifier, _time);
        var error = new TaskStatusDetails(Error: new TaskError("Boom", "boom"));

        var outcomes = await Task.WhenAll(Attempt(a), Attempt(b));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        var loser = Assert.Single(outcomes, o => o.Error is not null);
        Assert.IsType<IllegalTransitionException>(loser.Error);
        var stored = await service.GetAsync(task.Key, Ct);
        Assert.Equal(winner.Status, stored!.Status);
        Assert.Equal(task.Version + 1, stored.Version);
        var notification = Assert.Single(await NotificationsSinceAsync(store, mark), n => n.Action == NotificationActions.TaskStatus);
        Assert.Equal(winner.Status.ToWireName(), notification.Content.GetProperty("status").GetString());

        async Task<(TrackedTaskStatus Status, Exception? Error)> Attempt(TrackedTaskStatus to)
        {
            await Task.Yield();
            try
            {
                await racing.UpdateStatusAsync(task.Key, to, error, Ct);
                return (to, null);
            }
            catch (IllegalTransitionException ex)
            {
                return (to, ex);
            }
        }
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenTwoWritersRaceToSameStatus_ShouldStoreOnceAndNotifyOnce()
    {
        var (service, store) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        var mark = (await ReadChangesAsync(store)).Count;
        var racing = new TaskService(new ReadBarrierTaskStore(store, parties: 2), Notifier, _time);

        var results = await Task.WhenAll(
            Task.Run(() => racing.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, null, Ct), Ct),
            Task.Run(() => racing.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, null, Ct), Ct));

        Assert.All(results, r => Assert.Equal(task.Version + 1, r.Version));
        var notification = Assert.Single(await NotificationsSinceAsync(store, mark));
        Assert.Equal($"{task.Id}#v{task.Version + 1}#task-status", notification.DeduplicationId);
    }

    [Fact]
    public async Task CreateSubTasksAsync_WhenCalledTwice_ShouldReturnSameSubTasksInIndexOrder()
    {
        var (service, _) = await CreateServiceAsync();
        var items = string.Join(',', Enumerable.Range(0, 12).Select(i => $$"""{"i":{{i}}}"""));
        var parent = (await service.CreateStepFunctionTaskAsync(new CreateTaskRequest(UniqueTenant(), "resize", Json($"[{items}]")), Ct)).Task;

        var first = await service.CreateSubTasksAsync(parent.Key, Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await service.CreateSubTasksAsync(parent.Key, Ct);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => TaskKeys.SubTask(parent.Key, i)), first.Select(t => t.Key));
        Assert.Equal(first.Select(t => (t.Key, t.CreatedAt, t.Version)), second.Select(t => (t.Key, t.CreatedAt, t.Version)));
        Assert.Equal(11, first[11].Input.GetProperty("i").GetInt32());
    }

    [Fact]
    public async Task FinalizeStepFunctionTaskAsync_WhenRedelivered_ShouldNotNotifyAgain()
    {
        var (service, store) = await CreateServiceAsync();
        var parent = (await service.CreateStepFunctionTaskAsync(new CreateTaskRequest(UniqueTenant(), "resize", Json("[1,2]")), Ct)).Task;
        var subTasks = await service.CreateSubTasksAsync(parent.Key, Ct);
        await service.UpdateStatusAsync(parent.Key, TrackedTaskStatus.Started, null, Ct);
        foreach (var sub in subTasks)
        {
            await service.UpdateSubTaskStatusAsync(sub.Key, TrackedTaskStatus.Processing, null, Ct);
            await service.UpdateSubTaskStatusAsync(sub.Key, TrackedTaskStatus.Completed, null, Ct);
        }

        var first = await service.FinalizeStepFunctionTaskAsync(parent.Key, null, Ct);
        var mark = (await ReadChangesAsync(store)).Count;
        var again = await service.FinalizeStepFunctionTaskAsync(parent.Key, null, Ct);

        Assert.Equal(TrackedTaskStatus.Completed, first.Status);
        Assert.Equal(first.Version, again.Version);
        Assert.Empty(await NotificationsSinceAsync(store, mark));
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenStatusChanges_ShouldRecordAChangeThatNotifiesOnceAndNotPublishDirectly()
    {
        var (service, store) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        var mark = (await ReadChangesAsync(store)).Count;

        var done = await service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Json("""{"rows":3}""")), Ct);

        Assert.Empty(Notifier.Published);
        var change = Assert.Single((await ReadChangesAsync(store)).Skip(mark));
        Assert.Equal((TrackedTaskStatus.Processing, task.Version), (change.OldImage!.Status, change.OldImage.Version));
        Assert.Equal((TrackedTaskStatus.Completed, done.Version), (change.NewImage.Status, change.NewImage.Version));
        var notification = Assert.Single(TaskChangeNotifications.For(change));
        Assert.Equal((NotificationActions.TaskStatus, task.Key, "COMPLETED"), (notification.Action, notification.Key, notification.Content.GetProperty("status").GetString()));
        Assert.Equal($"{task.Id}#v{done.Version}#task-status", notification.DeduplicationId);
    }

    [Fact]
    public async Task Changes_WhenTheSameChangeIsDeliveredTwice_ShouldPublishTwiceWithTheSameIdentity()
    {
        var (service, store) = await CreateServiceAsync();
        var task = await CreateProcessingTaskAsync(service);
        var publisher = new StatusNotificationPublisher(Notifier);
        var change = (await ReadChangesAsync(store))[^1];

        await publisher.PublishAsync(change, Ct);
        await publisher.PublishAsync(change, Ct);

        Assert.Equal(2, Notifier.Published.Count);
        Assert.Single(Notifier.Published.Select(n => n.DeduplicationId).Distinct());
        Assert.Equal($"{task.Id}#v{task.Version}#task-status", Notifier.Published[0].DeduplicationId);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenStored_ShouldRecordAnInsertThatNotifiesNothing()
    {
        var (service, store) = await CreateServiceAsync();

        var created = await service.CreateTaskAsync(new CreateTaskRequest(UniqueTenant(), "import", Json("{}")), Ct);

        var change = Assert.Single(await ReadChangesAsync(store));
        Assert.Null(change.OldImage);
        Assert.Equal(created.Task.Key, change.NewImage.Key);
        Assert.Empty(TaskChangeNotifications.For(change));
    }

    private async Task<IReadOnlyList<Notification>> NotificationsSinceAsync(ITaskStore store, int mark) =>
        (await ReadChangesAsync(store)).Skip(mark).SelectMany(TaskChangeNotifications.For).ToArray();

    private async Task<(TaskService Service, ITaskStore Store)> CreateServiceAsync()
    {
        var store = await CreateStoreAsync();
        return (new TaskService(store, Notifier, _time), store);
    }

    private async Task<TrackedTask> CreateProcessingTaskAsync(TaskService service)
    {
        var created = await service.CreateTaskAsync(new CreateTaskRequest(UniqueTenant(), "import", Json("""{"file":"a.csv"}""")), Ct);
        await service.UpdateStatusAsync(created.Task.Key, TrackedTaskStatus.Queued, null, Ct);
        return await service.UpdateStatusAsync(created.Task.Key, TrackedTaskStatus.Processing, null, Ct);
    }
}
