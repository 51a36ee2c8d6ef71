namespace Conveyor.Durable;

/// <summary>How a parallel or map operation runs its items: how many at once, and when it is complete.</summary>
public sealed record BatchOptions
{
    /// <summary>Items running at the same time; unbounded when null.</summary>
    public int? MaxConcurrency { get; init; }

    public CompletionPolicy Completion { get; init; } = CompletionPolicy.AllCompleted;
}
