using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.Sqs;

/// <summary>The queue TaskWorker reads. A URL ending in <c>.fifo</c> gets group and deduplication ids.</summary>
public sealed record SqsTaskQueueOptions
{
    public required string QueueUrl { get; init; }

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ArgumentException">The queue URL is missing.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(QueueUrl);
        Retry.Validate();
    }
}
