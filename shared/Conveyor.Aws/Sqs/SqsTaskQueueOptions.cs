using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Sqs;

/// <summary>The queue TaskWorker reads. A URL ending in <c>.fifo</c> gets group and deduplication ids.</summary>
public sealed record SqsTaskQueueOptions : IValidatedOptions<SqsTaskQueueOptions>
{
    public required string QueueUrl { get; init; }

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ValidationException">The queue URL is missing, or the retry settings are invalid.</exception>
    public SqsTaskQueueOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(QueueUrl))
        {
            throw new ValidationException("SqsTaskQueueOptions.QueueUrl must be the task queue URL (CONVEYOR__TASKQUEUEURL).", nameof(QueueUrl));
        }

        Retry.Validate();
        return this;
    }
}
