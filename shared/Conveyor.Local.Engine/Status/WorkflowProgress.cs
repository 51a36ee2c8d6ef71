using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine.Status;

/// <summary>Subtask counts of one step-function task: for progress bars.</summary>
public sealed record WorkflowProgress(string Id, string Name, string Status, int Total, int Completed, int Failed, int Running)
{
    public int Ended => Completed + Failed;

    /// <summary>From the parent's subtask counts per status; <paramref name="total"/> is how many subtasks it has (or will have).</summary>
    public static WorkflowProgress Of(string id, string name, TrackedTaskStatus status, IReadOnlyDictionary<TrackedTaskStatus, int> counts, int total)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int Count(TrackedTaskStatus s) => counts.TryGetValue(s, out var n) ? n : 0;
        var completed = Count(TrackedTaskStatus.Completed);
        var failed = Count(TrackedTaskStatus.Failed) + Count(TrackedTaskStatus.Finished);
        return new WorkflowProgress(id, name, status.ToWireName(), total, completed, failed, counts.Values.Sum() - completed - failed);
    }
}
