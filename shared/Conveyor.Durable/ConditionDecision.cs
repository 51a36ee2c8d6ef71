namespace Conveyor.Durable;

/// <summary>After a condition check: stop waiting, or check again after a delay (whole seconds, at least 1).</summary>
public readonly record struct ConditionDecision(bool Done, TimeSpan Delay)
{
    public static ConditionDecision Stop { get; } = new(true, TimeSpan.Zero);

    public static ConditionDecision CheckAgainAfter(TimeSpan delay) => new(false, delay);
}
