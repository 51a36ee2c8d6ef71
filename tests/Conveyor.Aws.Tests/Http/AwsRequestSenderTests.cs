using System.Net;
using System.Text;
using Conveyor.Aws.Http;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Tests.Http;

public sealed class AwsRequestSenderTests
{
    private static readonly AwsHttpRequest Request = new(HttpMethod.Post, "/", AwsJsonProtocol.ContentType, "{\"a\":1}"u8.ToArray())
    {
        Headers = [new("X-Amz-Target", "AWSStepFunctions.DescribeExecution")],
    };

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")]
    [InlineData(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.sns#Throttling\",\"message\":\"slow\"}")]
    [InlineData(HttpStatusCode.TooManyRequests, "")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "<html>busy</html>")]
    public async Task SendAsync_WhenAlwaysThrottledOrFailing_ShouldRetryThenSurfaceTheError(HttpStatusCode status, string body)
    {
        var handler = new RecordingHandler().Always(status, body);
        var sender = TestSenders.Fake(handler, "states", maxAttempts: 4);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(Request, CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.True(error.IsTransient);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_WhenThrottledOnceThenOk_ShouldReturnTheSecondResponse()
    {
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.BadRequest, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")
            .Respond(HttpStatusCode.OK, "{\"ok\":true}", headers: ("x-amzn-RequestId", "r-2"));
        var sender = TestSenders.Fake(handler, "states");

        var response = await sender.SendAsync(Request, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("r-2", response.RequestId);
    }

    [Theory]
    [InlineData("{\"__type\":\"ValidationException\",\"message\":\"1 validation error\"}")]
    [InlineData("{\"__type\":\"InvalidArn\",\"message\":\"bad arn\"}")]
    [InlineData("")]
    public async Task SendAsync_WhenValidationError_ShouldNotRetry(string body)
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.BadRequest, body);
        var sender = TestSenders.Fake(handler, "states", maxAttempts: 4);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(Request, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task SendAsync_WhenCallerCancelsBetweenAttempts_ShouldStopRetryingAndSurfaceTheLastError()
    {
        using var cts = new CancellationTokenSource();
        var handler = new CancellingHandler(cts, cancelAfter: 2);
        var sender = new AwsRequestSender(
            new HttpClient(handler),
            new StaticCredentialsSource(TestSenders.Credentials),
            AwsServiceEndpoint.For("states", "us-east-1"),
            ThinClientPipeline.Create(Conveyor.Aws.Resilience.AwsRetryOptions.NoDelay(10)),
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sender.SendAsync(Request, cts.Token));

        Assert.Equal(2, handler.Calls);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_WhenRetrying_ShouldAskForCredentialsOnEveryAttempt()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.InternalServerError, "").Respond(HttpStatusCode.OK);
        var credentials = new RotatingCredentials();
        var sender = TestSenders.Fake(handler, "states", credentials: credentials);

        await sender.SendAsync(Request, CancellationToken.None);

        Assert.Equal(2, credentials.Calls);
        Assert.Contains("Credential=KEY1/", handler.Requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("Credential=KEY2/", handler.Requests[1].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WhenSent_ShouldCarryASignatureThatMatchesTheSentHeaders()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK);
        var sender = TestSenders.Fake(handler, "states");

        await sender.SendAsync(Request, CancellationToken.None);

        var sent = handler.Requests.Single();
        TestSenders.AssertSigned(sent, "states");
        var resigned = SigV4Signer.Sign(
            new SigningRequest(
                "POST",
                "/",
                [],
                [
                    new("host", "states.us-east-1.amazonaws.com"),
                    new("content-type", sent.ContentType!),
                    new("x-amz-target", sent.Header("X-Amz-Target")),
                ],
                Encoding.UTF8.GetBytes(sent.Body)),
            TestSenders.Credentials,
            new SigV4Context("states", "us-east-1", TestSenders.Now));
        Assert.Equal(resigned.Authorization, sent.Header("Authorization"));
    }

    private sealed class RotatingCredentials : IAwsCredentialsSource
    {
        public int Calls { get; private set; }

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(new AwsCredentials($"KEY{Calls}", "secret", "token"));
        }
    }

    private sealed class CancellingHandler(CancellationTokenSource cts, int cancelAfter) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            if (Calls >= cancelAfter)
            {
                cts.Cancel();
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") });
        }
    }
}
