namespace Conveyor.Durable;

/// <summary>How a step retries and how often one attempt may run.</summary>
public sealed record StepOptions
{
    /// <summary>The retry strategy; <see cref="RetryStrategies.None"/> when null.</summary>
    public IRetryStrategy? Retry { get; init; }

    public StepSemantics Semantics { get; init; } = StepSemantics.AtLeastOncePerRetry;
}
