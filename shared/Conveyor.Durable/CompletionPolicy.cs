namespace Conveyor.Durable;

/// <summary>
/// When a parallel or map operation is complete: as soon as <see cref="MinSuccessful"/> items succeeded, or as soon
/// as more than <see cref="ToleratedFailureCount"/> (or <see cref="ToleratedFailurePercentage"/> percent) failed,
/// otherwise when every item finished. Null members do not apply.
/// </summary>
public sealed record CompletionPolicy
{
    public int? MinSuccessful { get; init; }

    public int? ToleratedFailureCount { get; init; }

    public double? ToleratedFailurePercentage { get; init; }

    public static CompletionPolicy AllCompleted { get; } = new();

    public static CompletionPolicy FirstSuccessful { get; } = new() { MinSuccessful = 1 };

    public static CompletionPolicy AllSuccessful { get; } = new() { ToleratedFailureCount = 0 };
}
