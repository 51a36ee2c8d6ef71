using System.Collections.Frozen;

namespace Conveyor.Core.Tasks;

/// <summary>
/// The one transition table of the task lifecycle. Terminal statuses (COMPLETED, FINISHED, FAILED) have no way out.
/// </summary>
public static class TaskTransitions
{
    private static readonly FrozenDictionary<TrackedTaskStatus, TrackedTaskStatus[]> Allowed =
        new Dictionary<TrackedTaskStatus, TrackedTaskStatus[]>
        {
            // A single task is queued; a step-function task starts its workflow; a subtask goes straight to its processor.
            [TrackedTaskStatus.Created] = [TrackedTaskStatus.Queued, TrackedTaskStatus.Started, TrackedTaskStatus.Processing, TrackedTaskStatus.Failed],
            [TrackedTaskStatus.Queued] = [TrackedTaskStatus.Processing, TrackedTaskStatus.Errored, TrackedTaskStatus.Failed],
            // A workflow may finish without any subtask reporting PROCESSING on the parent.
            [TrackedTaskStatus.Started] = [TrackedTaskStatus.Processing, TrackedTaskStatus.Completed, TrackedTaskStatus.Finished, TrackedTaskStatus.Failed],
            [TrackedTaskStatus.Processing] = [TrackedTaskStatus.Completed, TrackedTaskStatus.Finished, TrackedTaskStatus.Failed, TrackedTaskStatus.Errored],
            // An errored attempt is retried (re-queued or picked up again) or given up.
            [TrackedTaskStatus.Errored] = [TrackedTaskStatus.Queued, TrackedTaskStatus.Processing, TrackedTaskStatus.Failed],
            [TrackedTaskStatus.Completed] = [],
            [TrackedTaskStatus.Finished] = [],
            [TrackedTaskStatus.Failed] = [],
        }.ToFrozenDictionary();

    public static bool IsTerminal(this TrackedTaskStatus status) => Allowed[status].Length == 0;

    public static bool CanMove(TrackedTaskStatus from, TrackedTaskStatus to) => Array.IndexOf(Allowed[from], to) >= 0;

    /// <summary>The statuses a task may be in for a move to <paramref name="to"/> to be legal (used as the store's condition).</summary>
    public static IReadOnlyList<TrackedTaskStatus> SourcesOf(TrackedTaskStatus to) =>
        Allowed.Where(pair => pair.Value.Contains(to)).Select(pair => pair.Key).OrderBy(s => s).ToArray();

    public static IReadOnlyList<TrackedTaskStatus> TargetsOf(TrackedTaskStatus from) => Allowed[from];

    /// <exception cref="IllegalTransitionException">The move is not in the table.</exception>
    public static void EnsureLegal(TaskKey key, TrackedTaskStatus from, TrackedTaskStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new IllegalTransitionException(key, from, to);
        }
    }
}
