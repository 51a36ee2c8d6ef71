using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Core.Tests.Services;

namespace Conveyor.Core.Tests.Notifications;

public sealed class StatusNotificationPublisherTests
{
    [Fact]
    public async Task PublishAsync_WhenAStatusChangeIsRelayed_ShouldPublishItsNotificationOnce()
    {
        var harness = new ServiceHarness();
        var notifier = new InMemoryNotifier();
        var publisher = new StatusNotificationPublisher(notifier);
        var task = await harness.CreateAsync();
        var queued = await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, ServiceHarness.Ct);
        var memory = (InMemoryTaskStore)harness.Store;

        foreach (var change in memory.Changes)
        {
            await publisher.PublishAsync(change, ServiceHarness.Ct);
        }

        var notification = Assert.Single(notifier.Published);
        Assert.Equal(("QUEUED", $"{task.Id}#v{queued.Version}#task-status"), (notification.Content.GetProperty("status").GetString(), notification.DeduplicationId));
    }

    [Fact]
    public async Task PublishAsync_WhenTheProcessDiedBetweenWriteAndPublish_ShouldStillNotifyFromTheRecordedChange()
    {
        // The write is durable with its change record; nothing was published before the "crash". A new relay (the
        // redelivered stream record after a restart) publishes it.
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, ServiceHarness.Ct);
        Assert.Empty(harness.Notifier.Published);
        var afterRestart = new InMemoryNotifier();

        var published = await new StatusNotificationPublisher(afterRestart).PublishAsync(((InMemoryTaskStore)harness.Store).Changes[^1], ServiceHarness.Ct);

        Assert.Equal(published, afterRestart.Published);
        Assert.Equal(NotificationActions.TaskStatus, Assert.Single(afterRestart.Published).Action);
    }

    [Fact]
    public async Task PublishAsync_WhenBothFormats_ShouldPublishConveyorsThenMbcsWithTheParentsProgressAfterEachSubTaskChange()
    {
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(2);
        await harness.EndSubTaskAsync(subTasks[0].Key, TrackedTaskStatus.Failed);
        var notifier = new InMemoryNotifier();
        var publisher = new StatusNotificationPublisher(notifier, harness.Service, new NotificationFormatOptions(NotificationFormat.Both, "conveyor-dev-tasks"));

        foreach (var change in ((InMemoryTaskStore)harness.Store).Changes)
        {
            await publisher.PublishAsync(change, ServiceHarness.Ct);
        }

        var mbc = notifier.Published.Where(n => n.Format == NotificationFormat.Mbc).ToList();
        Assert.All(mbc, n => Assert.Equal("conveyor-dev-tasks", n.Table));
        Assert.Equal(notifier.Published.Count, notifier.Published.Select(n => n.DeduplicationId).Distinct().Count());
        // Subtask 0: PROCESSING then FAILED, each followed by the parent's progress; the failure also alarms.
        var sub = mbc.SkipWhile(n => n.Key != subTasks[0].Key).Select(n => (n.Action, n.Key == parent.Key)).ToList();
        Assert.Equal(
            [
                (NotificationActions.SubTaskStatus, false), (NotificationActions.TaskStatus, true),
                (NotificationActions.SubTaskStatus, false), (NotificationActions.StepFunctionAlarm, false), (NotificationActions.TaskStatus, true),
            ],
            sub);
        var lastProgress = mbc.Last(n => n.Key == parent.Key).Content;
        Assert.Equal(1, lastProgress.GetProperty("attributes").GetProperty("subTaskFailedCount").GetInt32());
        Assert.Equal(1, lastProgress.GetProperty("attributes").GetProperty("subTaskPendingCount").GetInt32());
        Assert.DoesNotContain(notifier.Published, n => n.Format == NotificationFormat.Conveyor && n.Action == NotificationActions.StepFunctionAlarm);
    }

    [Fact]
    public async Task PublishAsync_WhenTheRelayRunsAfterTheParentEnded_ShouldStillPublishOneRunningProgressPerSubTaskChangeBeforeTheEnd()
    {
        // The relay lags the writes: every subtask and the parent have ended before the first record is relayed.
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(2);
        harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        await harness.EndSubTaskAsync(subTasks[0].Key, TrackedTaskStatus.Completed);
        await harness.EndSubTaskAsync(subTasks[1].Key, TrackedTaskStatus.Failed);
        harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        await harness.Service.FinalizeStepFunctionTaskAsync(parent.Key, null, ServiceHarness.Ct);
        var notifier = new InMemoryNotifier();
        var publisher = new StatusNotificationPublisher(notifier, harness.Service, new NotificationFormatOptions(NotificationFormat.Mbc, "t"));

        foreach (var change in ((InMemoryTaskStore)harness.Store).Changes)
        {
            await publisher.PublishAsync(change, ServiceHarness.Ct);
        }

        var parentStatuses = notifier.Published.Where(n => n.Key == parent.Key && n.Action == NotificationActions.TaskStatus)
            .Select(n => n.Content.GetProperty("status").GetString()).ToList();
        // STARTED itself, then one progress per subtask change (2 × PROCESSING + 2 ends), then the end — last.
        Assert.Equal(["STARTED", "STARTED", "STARTED", "STARTED", "STARTED", "FINISHED"], parentStatuses);
    }

    [Fact]
    public async Task PublishAsync_WhenNotifierFails_ShouldSurfaceTheErrorSoTheRecordIsRetried()
    {
        var old = (await new ServiceHarness().CreateAsync()) with { Status = TrackedTaskStatus.Queued, Version = 2 };
        var change = new TaskChange(old, old with { Status = TrackedTaskStatus.Processing, Version = 3 });
        var publisher = new StatusNotificationPublisher(new FailingNotifier());

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(change, ServiceHarness.Ct));
    }

    private sealed class FailingNotifier : INotifier
    {
        public Task PublishAsync(Notification notification, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("topic unavailable");
    }
}
