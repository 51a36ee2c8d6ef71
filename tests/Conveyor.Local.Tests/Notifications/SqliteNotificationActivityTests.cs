using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;
using Conveyor.Local.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Tests.Notifications;

public sealed class SqliteNotificationActivityTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempEngineFolder _folder = new();
    private readonly FakeTimeProvider _time = new(TestTasks.Now);
    private SqliteNotifier _notifier = null!;
    private SqliteNotificationActivity _activity = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _notifier = new SqliteNotifier(_folder.Database, _time);
        _activity = new SqliteNotificationActivity(_folder.Database);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task TimelineAsync_WhenAStatusRepeats_ShouldFoldTheRunAndKeepOrder()
    {
        var key = TestTasks.New(stepFunction: true).Key;
        foreach (var status in new[] { "STARTED", "PROCESSING", "PROCESSING", "PROCESSING", "FINISHED" })
        {
            await PublishAsync("task-status", key, status);
        }

        await _notifier.PublishAsync(new Notification("sfn-alarm", key, "acme", Json("""{"errorMessage":"1 of 3 failed"}""")), Ct);
        await PublishAsync("task-status", TestTasks.New().Key, "COMPLETED");

        var timeline = await _activity.TimelineAsync(key.Id, Ct);

        Assert.Equal(["STARTED", "PROCESSING", "FINISHED", null], timeline.Select(e => e.Status));
        Assert.Equal([1, 3, 1, 1], timeline.Select(e => e.Count));
        Assert.Equal("1 of 3 failed", timeline[^1].Message);
    }

    [Fact]
    public async Task ThroughputAsync_ShouldCountCompletedAndFailedPerSecondSinceTheStart()
    {
        var parent = TestTasks.New(stepFunction: true).Key;
        await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, 0), "COMPLETED");
        _time.Advance(TimeSpan.FromSeconds(10));
        var from = _time.GetUtcNow();
        await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, 1), "PROCESSING");
        await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, 1), "COMPLETED");
        await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, 2), "FAILED");
        _time.Advance(TimeSpan.FromSeconds(2));
        await PublishAsync("task-status", TestTasks.New().Key, "COMPLETED");

        var points = await _activity.ThroughputAsync(from, Ct);

        Assert.Equal([(from.ToUnixTimeSeconds(), 1, 1), (from.ToUnixTimeSeconds() + 2, 1, 0)], points.Select(p => (p.Second, p.Completed, p.Failed)));
    }

    [Fact]
    public async Task RecentByTaskAsync_ShouldGroupSubTaskUpdatesUnderTheirParentNewestFirst()
    {
        var parent = TestTasks.New(stepFunction: true).Key;
        var single = TestTasks.New().Key;
        await PublishAsync("task-status", parent, "STARTED");
        for (var i = 0; i < 50; i++)
        {
            await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, i), "PROCESSING");
            await PublishAsync("sub-task-status", TaskKeys.SubTask(parent, i), "COMPLETED");
        }

        await PublishAsync("task-status", single, "FAILED");

        var groups = await _activity.RecentByTaskAsync(1000, 10, Ct);

        Assert.Equal([single.Id, parent.Id], groups.Select(g => g.TaskId));
        var import = groups[1];
        Assert.Equal(("STARTED", 101, 100), (import.Status, import.Count, import.SubTaskUpdates));
        Assert.Equal(5, import.Latest.Count);
        Assert.Equal("sub-task-status #49", import.Latest[0].Action);
    }

    private Task PublishAsync(string action, TaskKey key, string status) =>
        _notifier.PublishAsync(new Notification(action, key, "acme", Json($$"""{"status":"{{status}}","attributes":null}""")) { DeduplicationId = Guid.NewGuid().ToString() }, Ct);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
