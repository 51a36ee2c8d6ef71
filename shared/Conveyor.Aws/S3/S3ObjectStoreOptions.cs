using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.S3;

/// <summary>How <see cref="S3ObjectStore"/> uploads: objects larger than one part go up as a multipart upload.</summary>
public sealed record S3ObjectStoreOptions : IValidatedOptions<S3ObjectStoreOptions>
{
    /// <summary>S3 needs at least 5 MiB per part (but the last); 8 MiB bounds memory per upload and allows objects up to 80 GB (10,000 parts).</summary>
    public int PartSizeBytes { get; init; } = 8 * 1024 * 1024;

    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <exception cref="ValidationException">The part size is outside S3's limits, or the retry settings are invalid.</exception>
    public S3ObjectStoreOptions Validate()
    {
        if (PartSizeBytes is < 5 * 1024 * 1024 or > 512 * 1024 * 1024)
        {
            throw new ValidationException($"S3ObjectStoreOptions.PartSizeBytes must be 5–512 MiB (S3's part limits); got {PartSizeBytes}.", nameof(PartSizeBytes));
        }

        Retry.Validate();
        return this;
    }
}
