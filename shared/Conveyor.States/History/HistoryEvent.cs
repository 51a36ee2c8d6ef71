namespace Conveyor.States.History;

/// <summary>
/// One execution history event. <see cref="Data"/> is the JSON input/output/details as a string (a snapshot,
/// safe to keep). <see cref="Id"/> orders events of one execution even when Map iterations report concurrently.
/// </summary>
public sealed record HistoryEvent(
    long Id,
    HistoryEventType Type,
    DateTimeOffset Timestamp,
    string? StateName = null,
    string? Data = null,
    string? Error = null,
    string? Cause = null,
    int? MapIterationIndex = null,
    int? BranchIndex = null,
    string? Resource = null);
