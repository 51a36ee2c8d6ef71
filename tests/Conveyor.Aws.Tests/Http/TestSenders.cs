using Conveyor.Aws.Http;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Tests.Http;

/// <summary>Builds senders over a fake transport or a real endpoint, with test credentials and no retry delays.</summary>
public static class TestSenders
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 30, 15, TimeSpan.Zero);

    public static readonly AwsCredentials Credentials = new("AKIDTEST", "secret-test-key", "session-token-test");

    public static AwsRequestSender Fake(RecordingHandler handler, string signingName, int maxAttempts = 4, IAwsCredentialsSource? credentials = null) =>
        new(
            new HttpClient(handler),
            credentials ?? new StaticCredentialsSource(Credentials),
            AwsServiceEndpoint.For(signingName, "us-east-1"),
            ThinClientPipeline.Create(AwsRetryOptions.NoDelay(maxAttempts)),
            new FixedTimeProvider(Now));

    public static AwsRequestSender Real(Uri serviceUrl, string signingName) =>
        new(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            new StaticCredentialsSource(new AwsCredentials("testing", "testing")),
            AwsServiceEndpoint.For(signingName, "us-east-1", serviceUrl),
            ThinClientPipeline.Create(AwsRetryOptions.NoDelay(2)),
            TimeProvider.System);

    /// <summary>Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20261123/us-east-1/{service}/aws4_request, SignedHeaders=..., Signature=64 hex.</summary>
    public static void AssertSigned(RecordedRequest request, string service)
    {
        Assert.Equal("20261123T103015Z", request.Header("X-Amz-Date"));
        Assert.Equal(Credentials.SessionToken, request.Header("X-Amz-Security-Token"));
        Assert.Matches(
            $"^AWS4-HMAC-SHA256 Credential=AKIDTEST/20261123/us-east-1/{service}/aws4_request, SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date;x-amz-security-token[a-z0-9;-]*, Signature=[0-9a-f]{{64}}$",
            request.Header("Authorization"));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
