namespace Conveyor.Core.Tasks;

/// <summary>One subtask in a progress summary.</summary>
public sealed record SubTaskSummary(string Pk, string Sk, TrackedTaskStatus Status);
