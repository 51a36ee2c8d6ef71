using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Durable;

/// <summary>The clock, logging and replay settings of a <see cref="DurableFunction{TIn, TOut}"/>.</summary>
public sealed record DurableFunctionOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Log from the workflow's context logger while replaying too (off: replayed lines are not repeated).</summary>
    public bool LogWhileReplaying { get; init; }

    /// <summary>Most updates sent in one checkpoint call (the byte limit applies as well).</summary>
    public int MaxUpdatesPerCheckpoint { get; init; } = 250;
}
