using System.Net;
using Conveyor.Aws.Http;
using Conveyor.Aws.Sns;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Tests.Sns;

public sealed class SnsClientTests
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:status";
    private const string FifoTopic = "arn:aws:sns:us-east-1:123456789012:status.fifo";

    private const string PublishResponse = """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
          <ResponseMetadata><RequestId>f187a3c1</RequestId></ResponseMetadata>
        </PublishResponse>
        """;

    [Fact]
    public async Task PublishAsync_WhenStandardTopic_ShouldPostFormWithActionVersionMessageAndAttributes()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, PublishResponse, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns"));
        var request = new SnsPublishRequest(Topic, "{\"action\":\"task-status\", \"x\":\"a&b=c+d\"}")
        {
            MessageAttributes = [new SnsMessageAttribute("action", "task-status"), new SnsMessageAttribute("tenant", "acme")],
            MessageGroupId = "ignored-for-standard",
            MessageDeduplicationId = "ignored-too",
        };

        var messageId = await client.PublishAsync(request, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://sns.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", sent.ContentType);
        TestSenders.AssertSigned(sent, "sns");
        Assert.StartsWith("Action=Publish&Version=2010-03-31&", sent.Body, StringComparison.Ordinal);
        var form = sent.Form();
        Assert.Equal(Topic, form["TopicArn"]);
        Assert.Equal(request.Message, form["Message"]);
        Assert.Equal("action", form["MessageAttributes.entry.1.Name"]);
        Assert.Equal("String", form["MessageAttributes.entry.1.Value.DataType"]);
        Assert.Equal("task-status", form["MessageAttributes.entry.1.Value.StringValue"]);
        Assert.Equal("tenant", form["MessageAttributes.entry.2.Name"]);
        Assert.Equal("acme", form["MessageAttributes.entry.2.Value.StringValue"]);
        Assert.False(form.ContainsKey("MessageGroupId"));
        Assert.False(form.ContainsKey("MessageDeduplicationId"));
        Assert.Equal("94f20ce6-13c5-43a0-9a9e-ca52d816e90b", messageId);
    }

    [Fact]
    public async Task PublishAsync_WhenFifoTopic_ShouldSendGroupAndDeduplicationIds()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, PublishResponse, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns"));

        await client.PublishAsync(new SnsPublishRequest(FifoTopic, "m") { MessageGroupId = "TASK#acme", MessageDeduplicationId = "d1" }, CancellationToken.None);

        var form = Assert.Single(handler.Requests).Form();
        Assert.Equal("TASK#acme", form["MessageGroupId"]);
        Assert.Equal("d1", form["MessageDeduplicationId"]);
    }

    [Fact]
    public async Task PublishAsync_WhenFifoTopicWithoutGroup_ShouldRefuseBeforeSending()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK, PublishResponse, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns"));

        await Assert.ThrowsAsync<ValidationException>(() => client.PublishAsync(new SnsPublishRequest(FifoTopic, "m"), CancellationToken.None));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(262_144, 0, false)]
    [InlineData(262_145, 0, true)]
    [InlineData(262_100, 60, true)]
    public async Task PublishAsync_WhenMessageWithAttributesOverTheLimit_ShouldRefuseBeforeSending(int messageBytes, int attributeValueBytes, bool refused)
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK, PublishResponse, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns"));
        var request = new SnsPublishRequest(Topic, new string('m', messageBytes))
        {
            MessageAttributes = attributeValueBytes == 0 ? [] : [new SnsMessageAttribute("a", new string('v', attributeValueBytes))],
        };

        var error = await Record.ExceptionAsync(() => client.PublishAsync(request, CancellationToken.None));

        if (refused)
        {
            var tooLarge = Assert.IsType<AwsPayloadTooLargeException>(error);
            Assert.Equal(SnsClient.MaxMessageBytes, tooLarge.LimitBytes);
            Assert.Empty(handler.Requests);
        }
        else
        {
            Assert.Null(error);
            Assert.Single(handler.Requests);
        }
    }

    [Fact]
    public async Task PublishAsync_WhenThrottled_ShouldRetryThenSurfaceTheQueryError()
    {
        const string throttled = """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId>
            </ErrorResponse>
            """;
        var handler = new RecordingHandler().Always(HttpStatusCode.BadRequest, throttled, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns", maxAttempts: 3));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.PublishAsync(new SnsPublishRequest(Topic, "m"), CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal("r1", error.RequestId);
        Assert.True(error.IsThrottling);
    }

    [Fact]
    public async Task PublishAsync_WhenTopicMissing_ShouldNotRetryAndMapNotFound()
    {
        const string notFound = """
            <ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r2</RequestId></ErrorResponse>
            """;
        var handler = new RecordingHandler().Always(HttpStatusCode.NotFound, notFound, "text/xml");
        var client = new SnsClient(TestSenders.Fake(handler, "sns"));

        await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => client.PublishAsync(new SnsPublishRequest(Topic, "m"), CancellationToken.None));

        Assert.Single(handler.Requests);
    }
}
