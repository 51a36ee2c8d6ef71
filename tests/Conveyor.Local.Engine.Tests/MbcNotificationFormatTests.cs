using System.Text.Json;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine.Tests;

/// <summary>
/// The engine with <c>--notification-format both</c>: a step-function task publishes Conveyor's notifications and MBC's
/// side by side — MBC's with <c>table</c>, the parent's progress after each subtask change and one alarm per failed
/// subtask — and both keep the causal order (every subtask's end before the parent's).
/// </summary>
public class MbcNotificationFormatTests
{
    [Fact]
    public async Task StepFunctionTask_WithBothFormats_ShouldPublishMbcsProgressAndAlarmsNextToConveyors()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { NotificationFormat = NotificationFormat.Both });
        var input = JsonDocument.Parse("""[{"email":"a@x.io"},{"email":"nope"},{"email":"c@x.io"},{"email":"d@x.io"}]""").RootElement.Clone();
        var parent = (await fixture.Tasks.CreateStepFunctionTaskAsync(new CreateTaskRequest("t1", "csv-import", input), CancellationToken.None)).Task;
        var notifier = fixture.Get<SqliteNotifier>();

        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await notifier.QueryAsync(new NotificationQuery(TaskId: parent.Id, Action: NotificationActions.TaskStatus, Limit: 1000), CancellationToken.None))
                .Count(n => n.Content.GetProperty("status").GetString() == "FINISHED") == 2,
            TimeSpan.FromSeconds(60)));

        var all = await notifier.QueryAsync(new NotificationQuery(Limit: 10_000), CancellationToken.None);
        var mbc = all.Where(n => n.Format == "mbc").ToList();
        var conveyor = all.Where(n => n.Format == "conveyor").ToList();
        Assert.All(mbc, n => Assert.Equal("conveyor-local-tasks", n.Table));
        Assert.All(conveyor, n => Assert.Null(n.Table));

        // MBC: a progress task-status for the parent follows each subtask status change (PROCESSING and the end: 2 × 4).
        var subTaskChanges = mbc.Count(n => n.Action == NotificationActions.SubTaskStatus);
        var progress = mbc.Count(n => n.Action == NotificationActions.TaskStatus && n.Id == parent.Id && n.Content.TryGetProperty("attributes", out var a) && a.TryGetProperty("subTaskCount", out _) && n.Content.GetProperty("status").GetString() == "STARTED");
        Assert.Equal(8, subTaskChanges);
        Assert.Equal(subTaskChanges, progress);
        var alarm = Assert.Single(mbc, n => n.Action == NotificationActions.StepFunctionAlarm);
        Assert.EndsWith("#1", alarm.Sk, StringComparison.Ordinal);
        Assert.Equal("FAILED", mbc.Single(n => n.Action == NotificationActions.SubTaskStatus && n.Sk == alarm.Sk && n.Content.GetProperty("status").GetString() == "FAILED")
            .Content.GetProperty("status").GetString());
        // Conveyor's: one summary alarm for the FINISHED parent, none per subtask.
        Assert.Equal(parent.Id, Assert.Single(conveyor, n => n.Action == NotificationActions.StepFunctionAlarm).Id);

        foreach (var format in new[] { mbc, conveyor })
        {
            var parentEnd = format.Single(n => n.Id == parent.Id && n.Action == NotificationActions.TaskStatus && n.Content.GetProperty("status").GetString() == "FINISHED");
            var subEnds = format.Where(n => n.Action == NotificationActions.SubTaskStatus && n.Content.GetProperty("status").GetString() is "COMPLETED" or "FAILED").ToList();
            Assert.Equal(4, subEnds.Count);
            Assert.All(subEnds, s => Assert.True(s.Sequence < parentEnd.Sequence));
            Assert.DoesNotContain(format, n => n.Id == parent.Id && n.Sequence > parentEnd.Sequence && n.Action == NotificationActions.TaskStatus);
        }
    }
}
