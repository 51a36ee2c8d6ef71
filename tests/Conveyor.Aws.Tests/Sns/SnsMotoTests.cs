using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Http;
using Conveyor.Aws.Sns;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Testing.Moto;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.Sns;

/// <summary>SNS → SQS through moto: our notification arrives with its <c>action</c> attribute.</summary>
[Collection("moto")]
public sealed class SnsMotoTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly TaskKey Key = new("TASK#acme", "csv-import#01JDQX2M7R9W3K5N8P4T6V0Y2Z");
    private SnsClient _sns = null!;
    private AmazonSQSClient _sqs = null!;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _sns = new SnsClient(TestSenders.Real(moto.Server.Endpoint, "sns"));
        _sqs = new AmazonSQSClient(
            new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonSQSConfig { ServiceURL = moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
    }

    public Task DisposeAsync()
    {
        _sqs.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PublishAsync_WhenQueueSubscribedRaw_ShouldDeliverNotificationJsonWithActionAttribute()
    {
        var (statusTopic, statusQueue) = await TopicWithQueueAsync("status", fifo: false);
        var (alarmTopic, alarmQueue) = await TopicWithQueueAsync("alarm", fifo: false);
        var notifier = Notifier(statusTopic, alarmTopic);

        await notifier.PublishAsync(new Notification(NotificationActions.TaskStatus, Key, "acme", Json("{\"status\":\"COMPLETED\",\"attributes\":null}")), CancellationToken.None);
        await notifier.PublishAsync(new Notification(NotificationActions.StepFunctionAlarm, Key, "acme", Json("{\"errorMessage\":\"boom\"}")), CancellationToken.None);

        var status = Assert.Single(await ReceiveAsync(statusQueue));
        var body = JsonDocument.Parse(status.Body).RootElement;
        Assert.Equal("task-status", body.GetProperty("action").GetString());
        Assert.Equal(Key.Id, body.GetProperty("id").GetString());
        Assert.Equal("acme", body.GetProperty("tenantCode").GetString());
        Assert.Equal("COMPLETED", body.GetProperty("content").GetProperty("status").GetString());
        Assert.Equal("task-status", status.MessageAttributes["action"].StringValue);
        Assert.Equal("String", status.MessageAttributes["action"].DataType);

        var alarm = Assert.Single(await ReceiveAsync(alarmQueue));
        Assert.Equal("sfn-alarm", alarm.MessageAttributes["action"].StringValue);
        Assert.Equal("boom", JsonDocument.Parse(alarm.Body).RootElement.GetProperty("content").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task PublishAsync_WhenFifoTopic_ShouldDeliverOnceForARedeliveredNotification()
    {
        var (topic, queue) = await TopicWithQueueAsync("status.fifo", fifo: true);
        var notifier = Notifier(topic, topic);
        var notification = new Notification(NotificationActions.SubTaskStatus, Key, "acme", Json("{\"status\":\"STARTED\",\"attributes\":null}"));

        await notifier.PublishAsync(notification, CancellationToken.None);
        await notifier.PublishAsync(notification, CancellationToken.None);

        var message = Assert.Single(await ReceiveAsync(queue));
        Assert.Equal("sub-task-status", message.MessageAttributes["action"].StringValue);
    }

    [Fact]
    public async Task PublishAsync_WhenTopicDoesNotExist_ShouldSurfaceTheServiceError()
    {
        var notifier = Notifier("arn:aws:sns:us-east-1:123456789012:missing", "arn:aws:sns:us-east-1:123456789012:missing");

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() =>
            notifier.PublishAsync(new Notification(NotificationActions.TaskStatus, Key, "acme", Json("{\"status\":\"CREATED\",\"attributes\":null}")), CancellationToken.None));

        Assert.Equal("NotFound", error.ErrorCode);
    }

    private async Task<(string TopicArn, string QueueUrl)> TopicWithQueueAsync(string name, bool fifo)
    {
        var topicParameters = new List<KeyValuePair<string, string>> { new("Name", name) };
        var queueAttributes = new Dictionary<string, string>();
        if (fifo)
        {
            topicParameters.Add(new("Attributes.entry.1.key", "FifoTopic"));
            topicParameters.Add(new("Attributes.entry.1.value", "true"));
            queueAttributes["FifoQueue"] = "true";
        }

        var topic = await _sns.Protocol.InvokeAsync("CreateTopic", topicParameters, CancellationToken.None);
        var topicArn = AwsQueryProtocol.Find(topic, "TopicArn")!;
        var queue = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name.Replace(".fifo", "-q.fifo", StringComparison.Ordinal), Attributes = queueAttributes });
        var attributes = await _sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"]);
        await _sns.Protocol.InvokeAsync(
            "Subscribe",
            [
                new("TopicArn", topicArn),
                new("Protocol", "sqs"),
                new("Endpoint", attributes.QueueARN),
                new("Attributes.entry.1.key", "RawMessageDelivery"),
                new("Attributes.entry.1.value", "true"),
            ],
            CancellationToken.None);
        return (topicArn, queue.QueueUrl);
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }

    private SnsNotifier Notifier(string statusTopic, string alarmTopic) =>
        new(_sns, new SnsOptions { StatusTopicArn = statusTopic, AlarmTopicArn = alarmTopic }, NullLogger<SnsNotifier>.Instance);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
