using Conveyor.Core.Ports;

namespace Local.EndToEnd.Tests;

/// <summary>
/// The causal-order check on published notifications: every subtask's terminal <c>sub-task-status</c> precedes its
/// parent's terminal <c>task-status</c> (a subtask's sk is <c>parentSk#index</c> under the parent's pk).
/// </summary>
internal static class NotificationOrder
{
    public sealed record Published(long Sequence, string Action, string Pk, string Sk, string? Status);

    private static readonly string[] TerminalStatuses = ["COMPLETED", "FINISHED", "FAILED"];

    /// <summary>Terminal subtask notifications published after their parent's terminal one, described.</summary>
    public static List<string> Violations(IReadOnlyList<Published> notifications)
    {
        var terminal = notifications.Where(n => TerminalStatuses.Contains(n.Status)).ToList();
        var violations = new List<string>();
        foreach (var parent in terminal.Where(n => n.Action == NotificationActions.TaskStatus && n.Pk.StartsWith("SFN_TASK#", StringComparison.Ordinal)))
        {
            violations.AddRange(terminal
                .Where(n => n.Action == NotificationActions.SubTaskStatus && n.Pk == parent.Pk && n.Sk.StartsWith(parent.Sk + "#", StringComparison.Ordinal) && n.Sequence > parent.Sequence)
                .Select(n => $"{n.Pk}#{n.Sk} {n.Status} at {n.Sequence} after its parent's {parent.Status} at {parent.Sequence}"));
        }

        return violations;
    }

    /// <summary>How many terminal subtask notifications precede the parent's terminal one, per parent sk.</summary>
    public static Dictionary<string, int> SubTaskEndsBeforeParent(IReadOnlyList<Published> notifications)
    {
        var terminal = notifications.Where(n => TerminalStatuses.Contains(n.Status)).ToList();
        return terminal
            .Where(n => n.Action == NotificationActions.TaskStatus && n.Pk.StartsWith("SFN_TASK#", StringComparison.Ordinal))
            .ToDictionary(
                p => p.Sk,
                p => terminal.Count(n => n.Action == NotificationActions.SubTaskStatus && n.Pk == p.Pk && n.Sk.StartsWith(p.Sk + "#", StringComparison.Ordinal) && n.Sequence < p.Sequence));
    }
}
