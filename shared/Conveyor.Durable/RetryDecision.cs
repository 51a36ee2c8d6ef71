namespace Conveyor.Durable;

/// <summary>Whether a failed step attempt is retried, and after how long (rounded up to whole seconds, at least 1).</summary>
public readonly record struct RetryDecision(bool ShouldRetry, TimeSpan Delay)
{
    public static RetryDecision Stop { get; } = new(false, TimeSpan.Zero);

    public static RetryDecision After(TimeSpan delay) => new(true, delay);
}
