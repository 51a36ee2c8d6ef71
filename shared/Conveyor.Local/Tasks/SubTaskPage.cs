using Conveyor.Core.Tasks;

namespace Conveyor.Local.Tasks;

/// <summary>One page of a parent's subtasks (index order, failed ones first when asked); <see cref="Next"/> is null on the last page.</summary>
public sealed record SubTaskPage(IReadOnlyList<TrackedTask> Items, string? Next);
