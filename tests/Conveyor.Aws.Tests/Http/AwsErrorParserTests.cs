using System.Net;
using System.Text;
using Conveyor.Aws.Http;

namespace Conveyor.Aws.Tests.Http;

public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("{\"__type\":\"com.amazonaws.states#ExecutionAlreadyExists\",\"message\":\"Execution Already Exists\"}", "ExecutionAlreadyExists", "Execution Already Exists")]
    [InlineData("{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}", "ThrottlingException", "Rate exceeded")]
    [InlineData("{\"__type\":\"aws.protocoltests#ValidationException:http://internal.amazon.com/coral/\",\"message\":\"bad\"}", "ValidationException", "bad")]
    [InlineData("{\"code\":\"ResourceNotFoundException\",\"message\":\"gone\"}", "ResourceNotFoundException", "gone")]
    public void Parse_WhenJsonErrorBody_ShouldReadCodeWithoutNamespaceAndMessage(string body, string code, string message)
    {
        var details = AwsErrorParser.Parse(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(body), requestIdHeader: "req-1");

        Assert.Equal(code, details.ErrorCode);
        Assert.Equal(message, details.Message);
        Assert.Equal("req-1", details.RequestId);
        Assert.Null(details.RawSnippet);
    }

    [Fact]
    public void Parse_WhenRestJsonErrorTypeHeader_ShouldPreferHeaderCode()
    {
        var details = AwsErrorParser.Parse(
            HttpStatusCode.NotFound,
            "{\"Message\":\"Schedule x does not exist.\"}"u8,
            errorTypeHeader: "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.scheduler/");

        Assert.Equal("ResourceNotFoundException", details.ErrorCode);
        Assert.Equal("Schedule x does not exist.", details.Message);
    }

    [Fact]
    public void Parse_WhenQueryXmlErrorResponse_ShouldReadCodeMessageAndRequestId()
    {
        const string body = """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: TopicArn</Message></Error>
              <RequestId>9b2c-xyz</RequestId>
            </ErrorResponse>
            """;

        var details = AwsErrorParser.Parse(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(body));

        Assert.Equal("InvalidParameter", details.ErrorCode);
        Assert.Equal("Invalid parameter: TopicArn", details.Message);
        Assert.Equal("9b2c-xyz", details.RequestId);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", HttpStatusCode.BadGateway, "Http502")]
    [InlineData("{\"__type\": \"Throttl", HttpStatusCode.BadRequest, "Http400")]
    [InlineData("Service Unavailable", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    [InlineData("[1,2,3]", HttpStatusCode.InternalServerError, "Http500")]
    [InlineData("<Error><Message>no code</Message></Error>", HttpStatusCode.Forbidden, "Http403")]
    public void Parse_WhenBodyIsNotAnAwsError_ShouldFallBackToStatusWithSnippet(string body, HttpStatusCode status, string code)
    {
        var details = AwsErrorParser.Parse(status, Encoding.UTF8.GetBytes(body));

        Assert.Equal(code, details.ErrorCode);
        Assert.Equal(status, details.StatusCode);
        Assert.Equal(body, details.RawSnippet);
        Assert.Contains(body, details.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBodyIsHuge_ShouldKeepOnlyASnippet()
    {
        var body = "<html>" + new string('x', 10_000);

        var details = AwsErrorParser.Parse(HttpStatusCode.BadGateway, Encoding.UTF8.GetBytes(body));

        Assert.NotNull(details.RawSnippet);
        Assert.True(details.RawSnippet.Length <= AwsErrorParser.SnippetLength + 1);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequestsException", true, false)]
    [InlineData(HttpStatusCode.InternalServerError, "Http500", false, true)]
    [InlineData(HttpStatusCode.BadRequest, "Http400", false, false)]
    public void Parse_WhenBodyIsEmpty_ShouldClassifyByStatus(HttpStatusCode status, string code, bool throttling, bool serverError)
    {
        var details = AwsErrorParser.Parse(status, ReadOnlySpan<byte>.Empty);
        var exception = AwsErrorMapper.ToException(details);

        Assert.Equal(code, details.ErrorCode);
        Assert.Contains("empty body", details.Message, StringComparison.Ordinal);
        Assert.Equal(throttling, exception.IsThrottling);
        Assert.Equal(serverError, exception.IsServerError);
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("Throttling", HttpStatusCode.BadRequest, true)]
    [InlineData("TooManyRequestsException", HttpStatusCode.BadRequest, true)]
    [InlineData("ValidationException", HttpStatusCode.BadRequest, false)]
    [InlineData("InvalidParameter", HttpStatusCode.BadRequest, false)]
    [InlineData("InternalFailure", HttpStatusCode.InternalServerError, true)]
    public void IsTransient_WhenGivenErrorCode_ShouldRetryOnlyThrottlingAndServerErrors(string code, HttpStatusCode status, bool transient)
    {
        var exception = AwsErrorMapper.ToException(new AwsErrorDetails(code, "m", status));

        Assert.Equal(transient, exception.IsTransient);
    }

    [Theory]
    [InlineData("ResourceNotFoundException", typeof(AwsResourceNotFoundException))]
    [InlineData("ExecutionDoesNotExist", typeof(AwsResourceNotFoundException))]
    [InlineData("NotFound", typeof(AwsResourceNotFoundException))]
    [InlineData("ConflictException", typeof(AwsConflictException))]
    [InlineData("ValidationException", typeof(AwsServiceException))]
    public void ToException_WhenGivenErrorCode_ShouldPickTheTypeCallersBranchOn(string code, Type expected)
    {
        var exception = AwsErrorMapper.ToException(new AwsErrorDetails(code, "m", HttpStatusCode.BadRequest, "rid"));

        Assert.IsType(expected, exception);
        Assert.Equal(code, exception.ErrorCode);
        Assert.Contains("rid", exception.Message, StringComparison.Ordinal);
    }
}
