using System.Net.Http.Headers;
using Amazon.Runtime;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Tests.Signing;

public sealed class HttpRequestSignerTests
{
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "tok");
    private static readonly SigV4Context Context = new("scheduler", "us-east-1", new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

    [Fact]
    public async Task SignAsync_WhenPathIsPercentEncoded_ShouldEncodeItAgainAndSortTheQuery()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://scheduler.us-east-1.amazonaws.com/schedules/a%20b?groupName=g%2F1&clientToken=t");

        var result = await HttpRequestSigner.SignAsync(request, Credentials, Context, CancellationToken.None);

        var lines = result.CanonicalRequest.Split('\n');
        Assert.Equal("GET", lines[0]);
        Assert.Equal("/schedules/a%2520b", lines[1]);
        Assert.Equal("clientToken=t&groupName=g%2F1", lines[2]);
        Assert.Equal("host:scheduler.us-east-1.amazonaws.com", lines[3]);
        Assert.Equal("host;x-amz-date;x-amz-security-token", result.SignedHeaders);
    }

    [Fact]
    public async Task SignAsync_WhenRequestHasBodyAndAmzHeaders_ShouldSignThemAndAddAuthorization()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5000/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.StartExecution");
        request.Headers.TryAddWithoutValidation("User-Agent", "not-signed/1.0");
        request.Content = new ByteArrayContent("{}"u8.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");

        var result = await HttpRequestSigner.SignAsync(request, Credentials, Context, CancellationToken.None);

        Assert.Equal("content-type;host;x-amz-date;x-amz-security-token;x-amz-target", result.SignedHeaders);
        Assert.Contains("host:127.0.0.1:5000\n", result.CanonicalRequest, StringComparison.Ordinal);
        Assert.EndsWith(SigV4Signer.HexSha256("{}"u8), result.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("tok", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Equal(result.Authorization, request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SdkCredentialsSource_WhenWrappingSessionCredentials_ShouldPassKeySecretAndToken()
    {
        var source = new SdkCredentialsSource(new SessionAWSCredentials("AKID", "SECRET", "TOKEN"));

        var credentials = await source.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKID", "SECRET", "TOKEN"), credentials);
        Assert.DoesNotContain("SECRET", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkCredentialsSource_WhenWrappingBasicCredentials_ShouldHaveNoSessionToken()
    {
        var source = new SdkCredentialsSource(new BasicAWSCredentials("AKID", "SECRET"));

        var credentials = await source.GetCredentialsAsync(CancellationToken.None);

        Assert.Null(credentials.SessionToken);
    }
}
