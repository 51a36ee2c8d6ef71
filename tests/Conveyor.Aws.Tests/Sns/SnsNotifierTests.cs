using System.Net;
using System.Text.Json;
using Conveyor.Aws.Sns;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.Sns;

public sealed class SnsNotifierTests
{
    private const string StatusTopic = "arn:aws:sns:us-east-1:123456789012:status";
    private const string AlarmTopic = "arn:aws:sns:us-east-1:123456789012:alarm";
    private static readonly TaskKey Key = new("SFN_TASK#acme", "import#01JDQX2M7R9W3K5N8P4T6V0Y2Z");

    [Theory]
    [InlineData(NotificationActions.TaskStatus, StatusTopic)]
    [InlineData(NotificationActions.SubTaskStatus, StatusTopic)]
    [InlineData(NotificationActions.StepFunctionAlarm, AlarmTopic)]
    public async Task PublishAsync_WhenGivenAction_ShouldRouteToItsTopicWithActionAttribute(string action, string topic)
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "<PublishResponse><PublishResult><MessageId>m1</MessageId></PublishResult></PublishResponse>", "text/xml");

        await Notifier(handler, StatusTopic, AlarmTopic).PublishAsync(new Notification(action, Key, "acme", Content("{\"status\":\"COMPLETED\",\"attributes\":null}")), CancellationToken.None);

        var form = Assert.Single(handler.Requests).Form();
        Assert.Equal(topic, form["TopicArn"]);
        Assert.Equal("action", form["MessageAttributes.entry.1.Name"]);
        Assert.Equal("String", form["MessageAttributes.entry.1.Value.DataType"]);
        Assert.Equal(action, form["MessageAttributes.entry.1.Value.StringValue"]);
        var message = JsonDocument.Parse(form["Message"]).RootElement;
        Assert.Equal(action, message.GetProperty("action").GetString());
        Assert.Equal(Key.Pk, message.GetProperty("pk").GetString());
        Assert.Equal(Key.Sk, message.GetProperty("sk").GetString());
        Assert.Equal(Key.Id, message.GetProperty("id").GetString());
        Assert.Equal("acme", message.GetProperty("tenantCode").GetString());
        Assert.Equal("COMPLETED", message.GetProperty("content").GetProperty("status").GetString());
    }

    [Fact]
    public void ToRequest_WhenFifoTopicAndNotificationHasAnIdentity_ShouldUseItAsDeduplicationId()
    {
        var notifier = Notifier(new RecordingHandler(), StatusTopic + ".fifo", AlarmTopic + ".fifo");
        var content = Content("{\"status\":\"QUEUED\",\"attributes\":null}");
        var queued = new Notification(NotificationActions.TaskStatus, Key, "acme", content) { DeduplicationId = $"{Key.Id}#v2#task-status" };
        var requeued = new Notification(NotificationActions.TaskStatus, Key, "acme", content) { DeduplicationId = $"{Key.Id}#v4#task-status" };
        var longIdentity = queued with { DeduplicationId = new string('t', 200) + "#v2#task-status" };

        Assert.Equal($"{Key.Id}#v2#task-status", notifier.ToRequest(queued).MessageDeduplicationId);
        Assert.NotEqual(notifier.ToRequest(queued).MessageDeduplicationId, notifier.ToRequest(requeued).MessageDeduplicationId);
        Assert.Matches("^[0-9a-f]{64}$", notifier.ToRequest(longIdentity).MessageDeduplicationId);
    }

    [Fact]
    public void ToRequest_WhenFifoTopic_ShouldGroupByTaskPkAndDeduplicateByContent()
    {
        var notifier = Notifier(new RecordingHandler(), StatusTopic + ".fifo", AlarmTopic + ".fifo");
        var started = new Notification(NotificationActions.TaskStatus, Key, "acme", Content("{\"status\":\"STARTED\",\"attributes\":null}"));
        var redelivered = new Notification(NotificationActions.TaskStatus, Key, "acme", Content("{\"status\":\"STARTED\",\"attributes\":null}"));
        var completed = new Notification(NotificationActions.TaskStatus, Key, "acme", Content("{\"status\":\"COMPLETED\",\"attributes\":null}"));

        var request = notifier.ToRequest(started);

        Assert.True(request.IsFifo);
        Assert.Equal(Key.Pk, request.MessageGroupId);
        Assert.Matches("^[0-9a-f]{64}$", request.MessageDeduplicationId);
        Assert.Equal(request.MessageDeduplicationId, notifier.ToRequest(redelivered).MessageDeduplicationId);
        Assert.NotEqual(request.MessageDeduplicationId, notifier.ToRequest(completed).MessageDeduplicationId);
    }

    [Fact]
    public async Task PublishAsync_WhenNotificationOver256KiB_ShouldRefuseBeforeSending()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK, "<PublishResponse/>", "text/xml");
        var huge = Content(JsonSerializer.Serialize(new { errorMessage = new string('e', 262_144) }));

        await Assert.ThrowsAsync<Conveyor.Aws.Http.AwsPayloadTooLargeException>(() =>
            Notifier(handler, StatusTopic, AlarmTopic).PublishAsync(new Notification(NotificationActions.StepFunctionAlarm, Key, "acme", huge), CancellationToken.None));

        Assert.Empty(handler.Requests);
    }

    private static SnsNotifier Notifier(RecordingHandler handler, string statusTopic, string alarmTopic) =>
        new(
            new SnsClient(TestSenders.Fake(handler, "sns")),
            new SnsOptions { StatusTopicArn = statusTopic, AlarmTopicArn = alarmTopic },
            NullLogger<SnsNotifier>.Instance);

    private static JsonElement Content(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
