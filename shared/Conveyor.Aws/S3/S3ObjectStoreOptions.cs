using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.S3;

/// <summary>How <see cref="S3ObjectStore"/> uploads: objects larger than one part go up as a multipart upload.</summary>
public sealed record S3ObjectStoreOptions
{
    /// <summary>S3 needs at least 5 MiB per part (but the last); 8 MiB bounds memory per upload and allows objects up to 80 GB (10,000 parts).</summary>
    public int PartSizeBytes { get; init; } = 8 * 1024 * 1024;

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ArgumentOutOfRangeException">The part size is outside S3's limits.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PartSizeBytes, 5 * 1024 * 1024, nameof(PartSizeBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartSizeBytes, 512 * 1024 * 1024, nameof(PartSizeBytes));
        Retry.Validate();
    }
}
