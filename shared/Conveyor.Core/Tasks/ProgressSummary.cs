namespace Conveyor.Core.Tasks;

/// <summary>
/// The attributes of a step-function task: counts of its subtasks by outcome, and each subtask's status. The counts
/// partition the subtasks: <see cref="SubTaskSucceedCount"/> (COMPLETED) + <see cref="SubTaskFailedCount"/> (FAILED,
/// FINISHED) + <see cref="SubTaskRunningCount"/> (PROCESSING — the MBC CQRS Serverless meaning) +
/// <see cref="SubTaskPendingCount"/> (every other unfinished status: CREATED, QUEUED, STARTED, ERRORED) =
/// <see cref="SubTaskCount"/>. Unfinished = running + pending.
/// </summary>
public sealed record ProgressSummary(
    int SubTaskCount,
    int SubTaskSucceedCount,
    int SubTaskFailedCount,
    int SubTaskRunningCount,
    IReadOnlyList<SubTaskSummary> SubTasks,
    int SubTaskPendingCount = 0)
{
    public static ProgressSummary Of(IEnumerable<TrackedTask> subTasks)
    {
        ArgumentNullException.ThrowIfNull(subTasks);
        var list = subTasks.Select(t => new SubTaskSummary(t.Key.Pk, t.Key.Sk, t.Status)).ToArray();
        return new ProgressSummary(
            list.Length,
            list.Count(s => s.Status == TrackedTaskStatus.Completed),
            list.Count(s => s.Status is TrackedTaskStatus.Failed or TrackedTaskStatus.Finished),
            list.Count(s => s.Status == TrackedTaskStatus.Processing),
            list,
            list.Count(s => !s.Status.IsTerminal() && s.Status != TrackedTaskStatus.Processing));
    }

    /// <summary>Subtasks not ended yet (running + pending).</summary>
    public int SubTaskUnfinishedCount => SubTaskRunningCount + SubTaskPendingCount;

    /// <summary>True once every subtask reached a terminal status.</summary>
    public bool AllEnded => SubTaskUnfinishedCount == 0;

    /// <summary>
    /// The parent's outcome: COMPLETED when every subtask completed, FINISHED when all ended and some failed,
    /// null while some are still running.
    /// </summary>
    public TrackedTaskStatus? ParentOutcome => !AllEnded
        ? null
        : SubTaskFailedCount == 0 ? TrackedTaskStatus.Completed : TrackedTaskStatus.Finished;

    // Records compare lists by reference; compare the contents so two summaries of the same rows are equal.
    public bool Equals(ProgressSummary? other) =>
        other is not null
        && SubTaskCount == other.SubTaskCount
        && SubTaskSucceedCount == other.SubTaskSucceedCount
        && SubTaskFailedCount == other.SubTaskFailedCount
        && SubTaskRunningCount == other.SubTaskRunningCount
        && SubTaskPendingCount == other.SubTaskPendingCount
        && SubTasks.SequenceEqual(other.SubTasks);

    public override int GetHashCode() => HashCode.Combine(SubTaskCount, SubTaskSucceedCount, SubTaskFailedCount, SubTaskRunningCount);
}
