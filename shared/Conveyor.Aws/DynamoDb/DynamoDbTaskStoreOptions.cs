using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.DynamoDb;

/// <summary>Where tasks live and how large input/result values are moved out of the item.</summary>
public sealed record DynamoDbTaskStoreOptions
{
    /// <summary>DynamoDB's hard item limit is 400 KB; leave room for the other attributes and the size estimate.</summary>
    public const int DefaultLargeAttributeThresholdBytes = 350 * 1024;

    public required string TableName { get; init; }

    /// <summary>Bucket for input/result values that would push an item over <see cref="LargeAttributeThresholdBytes"/>; null refuses such items.</summary>
    public string? LargeAttributeBucket { get; init; }

    public string LargeAttributePrefix { get; init; } = "task-attributes/";

    /// <summary>Estimated item size above which input and result go to S3 (largest first).</summary>
    public int LargeAttributeThresholdBytes { get; init; } = DefaultLargeAttributeThresholdBytes;

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(LargeAttributeThresholdBytes, 1024, nameof(LargeAttributeThresholdBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LargeAttributeThresholdBytes, 390 * 1024, nameof(LargeAttributeThresholdBytes));
        Retry.Validate();
    }
}
