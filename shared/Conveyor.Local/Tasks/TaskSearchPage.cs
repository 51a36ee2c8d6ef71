namespace Conveyor.Local.Tasks;

/// <summary>One page of a <see cref="TaskSearch"/>; <see cref="Next"/> is null on the last page.</summary>
public sealed record TaskSearchPage(IReadOnlyList<TaskSummary> Items, string? Next);
