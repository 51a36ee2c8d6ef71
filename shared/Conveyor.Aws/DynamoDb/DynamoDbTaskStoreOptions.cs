using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.DynamoDb;

/// <summary>Where tasks live and how large input/result values are moved out of the item.</summary>
public sealed record DynamoDbTaskStoreOptions : IValidatedOptions<DynamoDbTaskStoreOptions>
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

    /// <exception cref="ValidationException">A setting is missing or out of range; the message names it.</exception>
    public DynamoDbTaskStoreOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(TableName))
        {
            throw new ValidationException("DynamoDbTaskStoreOptions.TableName must name the tasks table (CONVEYOR__TASKSTABLE).", nameof(TableName));
        }

        if (LargeAttributeThresholdBytes is < 1024 or > 390 * 1024)
        {
            throw new ValidationException(
                $"DynamoDbTaskStoreOptions.LargeAttributeThresholdBytes must be 1 KiB–390 KiB (under DynamoDB's 400 KB item); got {LargeAttributeThresholdBytes}.",
                nameof(LargeAttributeThresholdBytes));
        }

        Retry.Validate();
        return this;
    }
}
