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
