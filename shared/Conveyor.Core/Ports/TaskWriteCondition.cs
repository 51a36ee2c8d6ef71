using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>The condition of a conditional write: the stored row has this version and one of these statuses.</summary>
public sealed record TaskWriteCondition(long ExpectedVersion, IReadOnlyCollection<TrackedTaskStatus> AllowedStatuses)
{
    /// <summary>The condition for moving <paramref name="current"/> on: its version, and its present status.</summary>
    public static TaskWriteCondition For(TrackedTask current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new TaskWriteCondition(current.Version, [current.Status]);
    }
}
