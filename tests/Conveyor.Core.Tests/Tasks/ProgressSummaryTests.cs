using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Tasks;

public sealed class ProgressSummaryTests
{
    public static TheoryData<TrackedTaskStatus[], int, int, int, int, TrackedTaskStatus?> Sets => new()
    {
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Completed, TrackedTaskStatus.Completed], 3, 0, 0, 0, TrackedTaskStatus.Completed },
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Failed, TrackedTaskStatus.Completed], 2, 1, 0, 0, TrackedTaskStatus.Finished },
        { [TrackedTaskStatus.Failed, TrackedTaskStatus.Finished], 0, 2, 0, 0, TrackedTaskStatus.Finished },
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Processing, TrackedTaskStatus.Failed], 1, 1, 1, 0, null },
        { [TrackedTaskStatus.Created, TrackedTaskStatus.Errored, TrackedTaskStatus.Queued, TrackedTaskStatus.Started], 0, 0, 0, 4, null },
        // MBC's example: 8 CREATED + 4 PROCESSING → running 4 (PROCESSING only), pending 8.
        { [.. Enumerable.Repeat(TrackedTaskStatus.Created, 8), .. Enumerable.Repeat(TrackedTaskStatus.Processing, 4)], 0, 0, 4, 8, null },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Of_WhenSubTasksInStatuses_ShouldCountAndDecideParentOutcome(
        TrackedTaskStatus[] statuses, int succeeded, int failed, int running, int pending, TrackedTaskStatus? outcome)
    {
        var subTasks = statuses.Select(s => TaskFactory.InStatus(s)).ToArray();

        var summary = ProgressSummary.Of(subTasks);

        Assert.Equal(statuses.Length, summary.SubTaskCount);
        Assert.Equal((succeeded, failed, running, pending), (summary.SubTaskSucceedCount, summary.SubTaskFailedCount, summary.SubTaskRunningCount, summary.SubTaskPendingCount));
        Assert.Equal(statuses.Length, succeeded + failed + summary.SubTaskUnfinishedCount);
        Assert.Equal(outcome, summary.ParentOutcome);
        Assert.Equal(running + pending == 0, summary.AllEnded);
        Assert.Equal(subTasks.Select(t => (t.Key.Pk, t.Key.Sk, t.Status)), summary.SubTasks.Select(s => (s.Pk, s.Sk, s.Status)));
    }

    [Fact]
    public void Equals_WhenSameContentInDifferentLists_ShouldBeEqual()
    {
        var tasks = new[] { TaskFactory.InStatus(TrackedTaskStatus.Completed) };

        Assert.Equal(ProgressSummary.Of(tasks), ProgressSummary.Of(tasks.ToList()));
        Assert.NotEqual(ProgressSummary.Of(tasks), ProgressSummary.Of([tasks[0] with { Status = TrackedTaskStatus.Failed }]));
    }
}
