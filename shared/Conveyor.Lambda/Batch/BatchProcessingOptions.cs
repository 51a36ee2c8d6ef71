namespace Conveyor.Lambda.Batch;

/// <summary>How a batch is processed.</summary>
public sealed record BatchProcessingOptions
{
    /// <summary>
    /// Stop at the first failed record and report it and every record after it as failed (FIFO queues and streams: a later
    /// message of the same group must not overtake an earlier one that will be retried).
    /// </summary>
    public bool StopOnFirstFailure { get; init; }
}
