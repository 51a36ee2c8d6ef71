using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Tasks;

public sealed class TaskTransitionsTests
{
    public static TheoryData<TrackedTaskStatus, TrackedTaskStatus> Legal => new()
    {
        { TrackedTaskStatus.Created, TrackedTaskStatus.Queued },
        { TrackedTaskStatus.Created, TrackedTaskStatus.Started },
        { TrackedTaskStatus.Created, TrackedTaskStatus.Processing },
        { TrackedTaskStatus.Created, TrackedTaskStatus.Failed },
        { TrackedTaskStatus.Queued, TrackedTaskStatus.Processing },
        { TrackedTaskStatus.Queued, TrackedTaskStatus.Errored },
        { TrackedTaskStatus.Queued, TrackedTaskStatus.Failed },
        { TrackedTaskStatus.Started, TrackedTaskStatus.Processing },
        { TrackedTaskStatus.Started, TrackedTaskStatus.Completed },
        { TrackedTaskStatus.Started, TrackedTaskStatus.Finished },
        { TrackedTaskStatus.Started, TrackedTaskStatus.Failed },
        { TrackedTaskStatus.Processing, TrackedTaskStatus.Completed },
        { TrackedTaskStatus.Processing, TrackedTaskStatus.Finished },
        { TrackedTaskStatus.Processing, TrackedTaskStatus.Failed },
        { TrackedTaskStatus.Processing, TrackedTaskStatus.Errored },
        { TrackedTaskStatus.Errored, TrackedTaskStatus.Queued },
        { TrackedTaskStatus.Errored, TrackedTaskStatus.Processing },
        { TrackedTaskStatus.Errored, TrackedTaskStatus.Failed },
    };

    public static TheoryData<TrackedTaskStatus, TrackedTaskStatus> Illegal
    {
        get
        {
            var legal = Legal.Select(row => ((TrackedTaskStatus)row[0], (TrackedTaskStatus)row[1])).ToHashSet();
            var data = new TheoryData<TrackedTaskStatus, TrackedTaskStatus>();
            foreach (var from in Enum.GetValues<TrackedTaskStatus>())
            {
                foreach (var to in Enum.GetValues<TrackedTaskStatus>())
                {
                    if (!legal.Contains((from, to)))
                    {
                        data.Add(from, to);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void MoveTo_WhenTransitionIsInTable_ShouldIncrementVersionAndSetStatus(TrackedTaskStatus from, TrackedTaskStatus to)
    {
        var task = TaskFactory.InStatus(from);
        var now = task.CreatedAt.AddMinutes(1);

        var next = task.MoveTo(to, now);

        Assert.Equal(to, next.Status);
        Assert.Equal(task.Version + 1, next.Version);
        Assert.Equal(now, next.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void MoveTo_WhenTransitionIsNotInTable_ShouldThrowIllegalTransition(TrackedTaskStatus from, TrackedTaskStatus to)
    {
        var task = TaskFactory.InStatus(from);

        var error = Assert.Throws<IllegalTransitionException>(() => task.MoveTo(to, task.CreatedAt));

        Assert.Equal(from, error.From);
        Assert.Equal(to, error.To);
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Completed)]
    [InlineData(TrackedTaskStatus.Finished)]
    [InlineData(TrackedTaskStatus.Failed)]
    public void IsTerminal_WhenStatusIsFinal_ShouldHaveNoTargets(TrackedTaskStatus status)
    {
        Assert.True(status.IsTerminal());
        Assert.Empty(TaskTransitions.TargetsOf(status));
    }

    [Fact]
    public void SourcesOf_WhenCompleted_ShouldListStartedAndProcessing()
    {
        Assert.Equal([TrackedTaskStatus.Started, TrackedTaskStatus.Processing], TaskTransitions.SourcesOf(TrackedTaskStatus.Completed));
    }
}
