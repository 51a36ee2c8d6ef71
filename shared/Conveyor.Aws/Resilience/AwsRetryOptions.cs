using Conveyor.Core.Validation;

namespace Conveyor.Aws.Resilience;

/// <summary>
/// Retry settings for every AWS call: exponential backoff with jitter from <see cref="BaseDelay"/> up to
/// <see cref="MaxDelay"/>, at most <see cref="MaxAttempts"/> attempts in all (the first call included).
/// The caller's cancellation token (the Lambda deadline) always ends the retries earlier.
/// </summary>
public sealed record AwsRetryOptions : IValidatedOptions<AwsRetryOptions>
{
    /// <summary>Attempts in all, the first one included; 1 disables retries.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public bool UseJitter { get; init; } = true;

    public static AwsRetryOptions Default { get; } = new();

    /// <summary>Retries without waiting: for tests that count attempts and must stay fast.</summary>
    public static AwsRetryOptions NoDelay(int maxAttempts = 4) =>
        new() { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, UseJitter = false };

    /// <exception cref="ValidationException">A value is outside what the pipeline accepts; the message names it.</exception>
    public AwsRetryOptions Validate()
    {
        if (MaxAttempts is < 1 or > 20)
        {
            throw new ValidationException($"AwsRetryOptions.MaxAttempts must be 1–20; got {MaxAttempts}.", nameof(MaxAttempts));
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            throw new ValidationException($"AwsRetryOptions.BaseDelay must not be negative; got {BaseDelay}.", nameof(BaseDelay));
        }

        if (MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromMinutes(5))
        {
            throw new ValidationException($"AwsRetryOptions.MaxDelay must be from BaseDelay ({BaseDelay}) to 5 minutes; got {MaxDelay}.", nameof(MaxDelay));
        }

        return this;
    }
}
