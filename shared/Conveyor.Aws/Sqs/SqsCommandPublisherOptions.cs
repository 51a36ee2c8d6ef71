using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Sqs;

/// <summary>The command queue of each aggregate (aggregate name → queue URL), from configuration.</summary>
public sealed record SqsCommandPublisherOptions : IValidatedOptions<SqsCommandPublisherOptions>
{
    public required IReadOnlyDictionary<string, string> QueueUrls { get; init; }

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ValidationException">An aggregate has no name or no URL, or the retry settings are invalid.</exception>
    public SqsCommandPublisherOptions Validate()
    {
        foreach (var (aggregate, url) in QueueUrls ?? throw new ValidationException("SqsCommandPublisherOptions.QueueUrls must be set.", nameof(QueueUrls)))
        {
            if (string.IsNullOrWhiteSpace(aggregate) || string.IsNullOrWhiteSpace(url))
            {
                throw new ValidationException(
                    $"SqsCommandPublisherOptions.QueueUrls: the command queue of aggregate '{aggregate}' needs a name and a URL (CONVEYOR__COMMANDQUEUES__<AGGREGATE>).", nameof(QueueUrls));
            }
        }

        Retry.Validate();
        return this;
    }
}
