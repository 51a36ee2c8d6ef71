using Amazon.Runtime;

namespace Conveyor.Aws.Resilience;

/// <summary>
/// Turns the SDK's built-in retries off so <see cref="AwsResiliencePipelines"/> is the single retry policy
/// (two nested policies would multiply attempts and overrun the Lambda deadline). Call from composition roots.
/// </summary>
public static class AwsSdkRetries
{
    public static T Disable<T>(T config)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        config.MaxErrorRetry = 0;
        return config;
    }
}
