namespace Conveyor.Core.Ports;

/// <summary>A page request over one partition: rows whose sort key starts with <see cref="SkPrefix"/>.</summary>
/// <param name="ExcludeSubTasks">Leave out subtask rows (listing step-function parents only).</param>
/// <param name="ContinuationToken">Opaque token from the previous page, or null for the first.</param>
public sealed record TaskQuery(
    string Pk,
    string? SkPrefix = null,
    int Limit = 50,
    bool Ascending = true,
    string? ContinuationToken = null,
    bool ExcludeSubTasks = false);
