using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.Sqs;

/// <summary>The command queue of each aggregate (aggregate name → queue URL), from configuration.</summary>
public sealed record SqsCommandPublisherOptions
{
    public required IReadOnlyDictionary<string, string> QueueUrls { get; init; }

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ArgumentException">An aggregate has no URL.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(QueueUrls);
        foreach (var (aggregate, url) in QueueUrls)
        {
            if (string.IsNullOrWhiteSpace(aggregate) || string.IsNullOrWhiteSpace(url))
            {
                throw new ArgumentException($"The command queue of aggregate '{aggregate}' needs a name and a URL.", nameof(QueueUrls));
            }
        }

        Retry.Validate();
    }
}
