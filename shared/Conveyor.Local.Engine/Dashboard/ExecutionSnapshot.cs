namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// What one execution is doing, per state: <see cref="Current"/> the top-level states being run, <see cref="States"/>
/// every state entered so far with its counts (for a distributed Map's item states, summed over its items), and
/// <see cref="Status"/> RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
/// </summary>
public sealed record ExecutionSnapshot(
    string ExecutionName,
    string Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Current,
    IReadOnlyList<string> Visited,
    IReadOnlyDictionary<string, StateCounts> States,
    string? Error,
    string? Cause);
