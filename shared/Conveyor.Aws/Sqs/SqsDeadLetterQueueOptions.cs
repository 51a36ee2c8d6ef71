using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Sqs;

/// <summary>The dead-letter queue a consumer sends the messages it gives up on (TaskWorker: <c>CONVEYOR__TASKDEADLETTERQUEUEURL</c>).</summary>
public sealed record SqsDeadLetterQueueOptions : IValidatedOptions<SqsDeadLetterQueueOptions>
{
    public required string QueueUrl { get; init; }

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ValidationException">The queue URL is missing or not an http(s) URL.</exception>
    public SqsDeadLetterQueueOptions Validate()
    {
        if (!Uri.TryCreate(QueueUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ValidationException(
                $"CONVEYOR__TASKDEADLETTERQUEUEURL must be the task dead-letter queue's URL (an http(s) URL); got '{QueueUrl}'.", nameof(QueueUrl));
        }

        Retry.Validate();
        return this;
    }
}
