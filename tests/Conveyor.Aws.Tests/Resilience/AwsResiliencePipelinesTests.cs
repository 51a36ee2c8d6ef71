using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Conveyor.Aws.Resilience;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Tests.Resilience;

public sealed class AwsResiliencePipelinesTests
{
    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("ProvisionedThroughputExceededException", HttpStatusCode.BadRequest, true)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.BadRequest, true)]
    [InlineData("TooManyRequestsException", HttpStatusCode.TooManyRequests, true)]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("Throttling", HttpStatusCode.BadRequest, true)]
    [InlineData("RequestThrottled", HttpStatusCode.BadRequest, true)]
    [InlineData("InternalServerError", HttpStatusCode.InternalServerError, true)]
    [InlineData("Whatever", HttpStatusCode.BadGateway, true)]
    [InlineData("ValidationException", HttpStatusCode.BadRequest, false)]
    [InlineData("ConditionalCheckFailedException", HttpStatusCode.BadRequest, false)]
    [InlineData("AccessDeniedException", HttpStatusCode.Forbidden, false)]
    [InlineData("ResourceNotFoundException", HttpStatusCode.NotFound, false)]
    public void IsTransient_WhenServiceError_ShouldFollowCodeAndStatus(string code, HttpStatusCode status, bool expected)
    {
        var exception = new AmazonServiceException("boom", null, ErrorType.Sender, code, "req-1", status);

        Assert.Equal(expected, AwsResiliencePipelines.IsTransient(exception));
    }

    [Fact]
    public void IsTransient_WhenNetworkFault_ShouldBeTransient()
    {
        Assert.True(AwsResiliencePipelines.IsTransient(new HttpRequestException("reset", new SocketException())));
        Assert.True(AwsResiliencePipelines.IsTransient(new IOException("broken pipe")));
        Assert.True(AwsResiliencePipelines.IsTransient(new AmazonServiceException("wrapped", new IOException("reset"))));
    }

    [Fact]
    public void IsTransient_WhenCallerCancelledOrArgumentInvalid_ShouldNotBeTransient()
    {
        Assert.False(AwsResiliencePipelines.IsTransient(new OperationCanceledException()));
        Assert.False(AwsResiliencePipelines.IsTransient(new ArgumentException("bad")));
        Assert.False(AwsResiliencePipelines.IsTransient(new ConditionalCheckFailedException("no")));
    }

    [Fact]
    public void IsTransient_WhenExtraClassifierRecognisesType_ShouldBeTransient()
    {
        var custom = new CustomBusyException();

        Assert.False(AwsResiliencePipelines.IsTransient(custom));
        Assert.True(AwsResiliencePipelines.IsTransient(custom, [new CustomClassifier()]));
    }

    [Fact]
    public async Task ExecuteAsync_WhenThrottledTwiceThenOk_ShouldRetryAndSucceed()
    {
        var pipeline = AwsResiliencePipelines.Create(AwsRetryOptions.NoDelay(4));
        var attempts = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts < 3 ? throw Throttled() : ValueTask.FromResult(42);
        }, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_WhenAlwaysThrottled_ShouldSurfaceAfterMaxAttempts()
    {
        var pipeline = AwsResiliencePipelines.Create(AwsRetryOptions.NoDelay(3));
        var attempts = 0;

        var error = await Assert.ThrowsAsync<AmazonServiceException>(async () =>
            await pipeline.ExecuteAsync<int>(_ => { attempts++; throw Throttled(); }, CancellationToken.None));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_WhenValidationError_ShouldNotRetry()
    {
        var pipeline = AwsResiliencePipelines.Create(AwsRetryOptions.NoDelay(5));
        var attempts = 0;

        await Assert.ThrowsAsync<AmazonServiceException>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new AmazonServiceException("bad", null, ErrorType.Sender, "ValidationException", "r", HttpStatusCode.BadRequest);
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_WhenDeadlinePasses_ShouldStopRetrying()
    {
        var options = new AwsRetryOptions { MaxAttempts = 10, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), UseJitter = false };
        // The retry delay runs on a clock that never moves, so only the deadline can end it, however late the machine's
        // timers fire (with the real clock a loaded machine once let the 1 s delay finish first).
        var pipeline = AwsResiliencePipelines.Create(options, timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var attempts = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await pipeline.ExecuteAsync<int>(_ => { attempts++; throw Throttled(); }, deadline.Token));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void Create_WhenAttemptsInvalid_ShouldThrowNamingTheSetting()
    {
        var error = Assert.Throws<ValidationException>(() => AwsResiliencePipelines.Create(new AwsRetryOptions { MaxAttempts = 0 }));

        Assert.Contains("AwsRetryOptions.MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    private static AmazonServiceException Throttled() =>
        new("slow down", null, ErrorType.Sender, "ThrottlingException", "r", HttpStatusCode.BadRequest);

    private sealed class CustomBusyException : Exception;

    private sealed class CustomClassifier : ITransientErrorClassifier
    {
        public bool IsTransient(Exception exception) => exception is CustomBusyException;
    }
}
