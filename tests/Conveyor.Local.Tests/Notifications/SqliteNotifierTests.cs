using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;
using Conveyor.Local.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Tests.Notifications;

public sealed class SqliteNotifierTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    private static Notification Status(TaskKey key, string status) =>
        new(NotificationActions.TaskStatus, key, "acme", JsonDocument.Parse($$"""{"status":"{{status}}"}""").RootElement.Clone());

    [Fact]
    public async Task QueryAsync_WhenFilteredBySequenceTaskAndAction_ShouldReturnMatchingRecordsInOrder()
    {
        var time = new FakeTimeProvider(TestTasks.Now);
        var notifier = new SqliteNotifier(_folder.Database, time);
        var a = TestTasks.New().Key;
        var b = TestTasks.New().Key;
        await notifier.PublishAsync(Status(a, "QUEUED"), CancellationToken.None);
        await notifier.PublishAsync(Status(b, "QUEUED"), CancellationToken.None);
        await notifier.PublishAsync(new Notification(NotificationActions.StepFunctionAlarm, a, "acme", JsonDocument.Parse("""{"errorMessage":"boom"}""").RootElement.Clone()), CancellationToken.None);
        await notifier.PublishAsync(Status(a, "COMPLETED"), CancellationToken.None);

        var all = await notifier.QueryAsync(new NotificationQuery(), CancellationToken.None);
        var forA = await notifier.QueryAsync(new NotificationQuery(TaskId: a.Id), CancellationToken.None);
        var alarms = await notifier.QueryAsync(new NotificationQuery(Action: NotificationActions.StepFunctionAlarm), CancellationToken.None);
        var follow = await notifier.QueryAsync(new NotificationQuery(AfterSequence: all[1].Sequence), CancellationToken.None);

        Assert.Equal(4, all.Count);
        Assert.Equal(["QUEUED", "boom", "COMPLETED"], forA.Select(n => n.Content.TryGetProperty("status", out var s) ? s.GetString() : n.Content.GetProperty("errorMessage").GetString()));
        Assert.Equal(a.Id, Assert.Single(alarms).Id);
        Assert.Equal([all[2].Sequence, all[3].Sequence], follow.Select(n => n.Sequence));
        Assert.Equal((a.Pk, a.Sk, "acme", TestTasks.Now), (all[0].Pk, all[0].Sk, all[0].TenantCode, all[0].PublishedAt));
    }

    [Fact]
    public async Task PublishAsync_WhenCommitted_ShouldRaisePublishedWithItsSequence()
    {
        var notifier = new SqliteNotifier(_folder.Database, TimeProvider.System);
        var raised = new List<NotificationRecord>();
        notifier.Published += (_, record) => raised.Add(record);

        await notifier.PublishAsync(Status(TestTasks.New().Key, "STARTED"), CancellationToken.None);
        var stored = await notifier.QueryAsync(new NotificationQuery(), CancellationToken.None);

        Assert.Equal(Assert.Single(stored).Sequence, Assert.Single(raised).Sequence);
    }

    [Fact]
    public async Task PublishAsync_WhenTheSameIdentityIsPublishedAgain_ShouldKeepOneRowAndRaiseOnce()
    {
        var notifier = new SqliteNotifier(_folder.Database, TimeProvider.System);
        var raised = new List<NotificationRecord>();
        notifier.Published += (_, record) => raised.Add(record);
        var key = TestTasks.New().Key;
        var notification = Status(key, "COMPLETED") with { DeduplicationId = $"{key.Id}#v5#task-status" };

        await notifier.PublishAsync(notification, CancellationToken.None);
        await notifier.PublishAsync(notification, CancellationToken.None);
        await new SqliteNotifier(_folder.Database, TimeProvider.System).PublishAsync(notification, CancellationToken.None);

        var stored = Assert.Single(await notifier.QueryAsync(new NotificationQuery(), CancellationToken.None));
        Assert.Equal(notification.DeduplicationId, stored.DeduplicationId);
        Assert.Single(raised);
    }

    [Fact]
    public async Task PublishAsync_WhenIdentitiesDifferOrAreMissing_ShouldKeepEveryNotification()
    {
        var notifier = new SqliteNotifier(_folder.Database, TimeProvider.System);
        var key = TestTasks.New().Key;

        await notifier.PublishAsync(Status(key, "QUEUED") with { DeduplicationId = $"{key.Id}#v2#task-status" }, CancellationToken.None);
        await notifier.PublishAsync(Status(key, "PROCESSING") with { DeduplicationId = $"{key.Id}#v3#task-status" }, CancellationToken.None);
        await notifier.PublishAsync(Status(key, "PROCESSING"), CancellationToken.None);
        await notifier.PublishAsync(Status(key, "PROCESSING"), CancellationToken.None);

        Assert.Equal(4, (await notifier.QueryAsync(new NotificationQuery(), CancellationToken.None)).Count);
    }
}
