using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.Queries;

/// <summary>How read-model tables are addressed: the partition-key attribute queried by id.</summary>
public sealed record DynamoDbQueryEngineOptions
{
    public string IdAttribute { get; init; } = "id";

    public int MaxLimit { get; init; } = 1000;

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(IdAttribute);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLimit, 1, nameof(MaxLimit));
        Retry.Validate();
    }
}
