using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Conveyor.Aws.Signing;

/// <summary>
/// Credentials from AWSSDK.Core's standard chain (environment, profile, container/Lambda role, instance metadata).
/// The chain is walked once; the resulting <see cref="AWSCredentials"/> refreshes itself, and it is asked again on
/// every request so expiring role credentials are never reused past their lifetime.
/// </summary>
public sealed class SdkCredentialsSource : IAwsCredentialsSource
{
    private readonly Lazy<AWSCredentials> _credentials;

    public SdkCredentialsSource()
        : this(static () => DefaultAWSCredentialsIdentityResolver.GetCredentials())
    {
    }

    /// <summary>Wraps given SDK credentials (e.g. <c>BasicAWSCredentials</c>, <c>AssumeRoleAWSCredentials</c>).</summary>
    public SdkCredentialsSource(AWSCredentials credentials)
        : this(() => credentials ?? throw new ArgumentNullException(nameof(credentials)))
    {
    }

    private SdkCredentialsSource(Func<AWSCredentials> resolve) =>
        _credentials = new Lazy<AWSCredentials>(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var immutable = await _credentials.Value.GetCredentialsAsync();
        return new AwsCredentials(
            immutable.AccessKey,
            immutable.SecretKey,
            string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
    }
}
