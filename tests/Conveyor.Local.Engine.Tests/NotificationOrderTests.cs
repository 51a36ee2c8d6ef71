using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Engine.Loops;
using Conveyor.Local.Notifications;

namespace Conveyor.Local.Engine.Tests;

/// <summary>
/// Notifications derived from one partition key are published in the order the writes happened: a step-function
/// parent's terminal <c>task-status</c> never precedes a terminal <c>sub-task-status</c> of one of its subtasks.
/// </summary>
public class NotificationOrderTests
{
    [Fact]
    public void Partition_ShouldKeepEveryRecordOfOnePartitionKeyInOneGroupInSequenceOrder()
    {
        // A parent and its subtasks share pk SFN_TASK#t1 but differ in sk: partitioning by item would split them.
        var records = Enumerable.Range(1, 60)
            .Select(i => Record(i, i % 3 == 0 ? "TASK#t1" : "SFN_TASK#t1", i % 3 == 0 ? $"echo#{i}" : $"csv#P#{i}"))
            .ToList();

        var groups = ChangeFeedLoop.Partition(records, workers: 8);

        var sfn = Assert.Single(groups, g => g.Any(r => r.Keys.Pk == "SFN_TASK#t1"));
        Assert.Equal(records.Where(r => r.Keys.Pk == "SFN_TASK#t1").Select(r => r.Sequence), sfn.Where(r => r.Keys.Pk == "SFN_TASK#t1").Select(r => r.Sequence));
        Assert.Single(groups, g => g.Any(r => r.Keys.Pk == "TASK#t1"));
        Assert.All(groups, g => Assert.Equal(g.Select(r => r.Sequence).Order(), g.Select(r => r.Sequence)));
    }

    [Fact]
    public async Task StepFunctionTask_WithManySubtasks_ShouldNotifyEverySubtaskEndBeforeTheParentEnds()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Workers = 8 });
        var rows = "[" + string.Join(',', Enumerable.Range(0, 40).Select(i => i % 7 == 3 ? """{"email":"bad"}""" : $$"""{"email":"u{{i}}@x.io"}""")) + "]";
        var parents = new List<TrackedTask>();
        for (var run = 0; run < 3; run++)
        {
            parents.Add((await fixture.Tasks.CreateStepFunctionTaskAsync(new CreateTaskRequest("t1", "csv-import", JsonDocument.Parse(rows).RootElement.Clone()), CancellationToken.None)).Task);
        }

        var notifier = fixture.Get<SqliteNotifier>();
        foreach (var parent in parents)
        {
            Assert.True(await EngineFixture.EventuallyAsync(
                async () => (await notifier.QueryAsync(new NotificationQuery(TaskId: parent.Id, Action: NotificationActions.TaskStatus), CancellationToken.None))
                    .Any(n => IsTerminal(n)),
                TimeSpan.FromSeconds(60)));
        }

        var all = await notifier.QueryAsync(new NotificationQuery(Limit: 10_000), CancellationToken.None);
        foreach (var parent in parents)
        {
            var parentEnd = Assert.Single(all, n => n.Id == parent.Id && n.Action == NotificationActions.TaskStatus && IsTerminal(n));
            var subEnds = all.Where(n => n.Action == NotificationActions.SubTaskStatus && n.Sk.StartsWith(parent.Key.Sk + "#", StringComparison.Ordinal) && IsTerminal(n)).ToList();
            Assert.Equal(40, subEnds.Count);
            Assert.All(subEnds, s => Assert.True(s.Sequence < parentEnd.Sequence, $"{s.Id} ended at notification {s.Sequence}, after its parent's {parentEnd.Sequence}"));
        }
    }

    private static bool IsTerminal(NotificationRecord n) =>
        n.Content.GetProperty("status").GetString() is "COMPLETED" or "FINISHED" or "FAILED";

    private static ChangeRecord Record(long sequence, string pk, string sk) =>
        new(sequence, "MODIFY", new TaskKey(pk, sk), "PROCESSING", "COMPLETED", JsonDocument.Parse("{}").RootElement.Clone(), DateTimeOffset.UnixEpoch);
}
