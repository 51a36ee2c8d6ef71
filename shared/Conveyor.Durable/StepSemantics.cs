namespace Conveyor.Durable;

/// <summary>How often one attempt of a step's body may run when an invocation is interrupted.</summary>
public enum StepSemantics
{
    /// <summary>The attempt's start is checkpointed lazily; an interrupted attempt runs again (the default).</summary>
    AtLeastOncePerRetry,

    /// <summary>
    /// The attempt's start is checkpointed before the body runs; an attempt interrupted mid-flight is never run
    /// again but counts as failed (the retry strategy decides whether a new attempt runs).
    /// </summary>
    AtMostOncePerRetry,
}
