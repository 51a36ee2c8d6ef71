namespace Conveyor.Lambda.Bootstrap;

/// <summary>Knobs of the invoke loop.</summary>
public sealed record LambdaBootstrapOptions
{
    /// <summary>The context token fires this long before the deadline (capped by <see cref="CancellationSafetyFraction"/>).</summary>
    public TimeSpan CancellationSafetyMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The margin never takes more than this share of the time an invocation had when it arrived.</summary>
    public double CancellationSafetyFraction { get; init; } = 0.1;

    /// <summary>Stop after this many invocations (tests, benchmarks); null = run until the host stops.</summary>
    public int? MaxInvocations { get; init; }
}
