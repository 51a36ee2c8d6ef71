namespace Conveyor.Core.Tasks;

/// <summary>The attributes of a step-function task: counts of its subtasks by outcome, and each subtask's status.</summary>
public sealed record ProgressSummary(
    int SubTaskCount,
    int SubTaskSucceedCount,
    int SubTaskFailedCount,
    int SubTaskRunningCount,
    IReadOnlyList<SubTaskSummary> SubTasks)
{
    public static ProgressSummary Of(IEnumerable<TrackedTask> subTasks)
    {
        ArgumentNullException.ThrowIfNull(subTasks);
        var list = subTasks.Select(t => new SubTaskSummary(t.Key.Pk, t.Key.Sk, t.Status)).ToArray();
        return new ProgressSummary(
            list.Length,
            list.Count(s => s.Status == TrackedTaskStatus.Completed),
            list.Count(s => s.Status is TrackedTaskStatus.Failed or TrackedTaskStatus.Finished),
            list.Count(s => !s.Status.IsTerminal()),
            list);
    }

    /// <summary>True once every subtask reached a terminal status.</summary>
    public bool AllEnded => SubTaskRunningCount == 0;

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
        && SubTasks.SequenceEqual(other.SubTasks);

    public override int GetHashCode() => HashCode.Combine(SubTaskCount, SubTaskSucceedCount, SubTaskFailedCount, SubTaskRunningCount);
}
