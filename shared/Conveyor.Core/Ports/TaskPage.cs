using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>One page of tasks; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TaskPage(IReadOnlyList<TrackedTask> Items, string? ContinuationToken);
