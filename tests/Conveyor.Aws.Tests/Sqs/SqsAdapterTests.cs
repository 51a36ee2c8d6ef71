using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Commands;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Sqs;

[Collection("moto")]
public sealed class SqsAdapterTests(MotoFixture moto) : IAsyncLifetime
{
    private readonly AmazonSQSClient _sqs = MotoClients.Sqs(moto.Server);

    public Task InitializeAsync() => moto.Server.ResetAsync();

    public Task DisposeAsync()
    {
        _sqs.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EnqueueAsync_WhenMessageNotDeleted_ShouldBeRedeliveredAfterVisibilityTimeout()
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "redeliver", Attributes = new() { ["VisibilityTimeout"] = "1" } })).QueueUrl;
        var queue = new SqsTaskQueue(_sqs, new SqsTaskQueueOptions { QueueUrl = url });
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant());
        await queue.EnqueueAsync([new TaskQueueMessage(task.Key, task.Tenant, task.Type)], CancellationToken.None);

        var first = await ReceiveOneAsync(url, TimeSpan.FromSeconds(5));
        var hidden = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 0 });
        var second = await ReceiveOneAsync(url, TimeSpan.FromSeconds(5));

        Assert.Empty(hidden.Messages ?? []);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal("1", first.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(task.Key, TaskQueueMessageJson.Parse(second.Body).Key);
    }

    [Fact]
    public async Task EnqueueAsync_WhenQueueIsFifo_ShouldSetGroupDeduplicationAndAttributes()
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "tasks.fifo", Attributes = new() { ["FifoQueue"] = "true" } })).QueueUrl;
        var queue = new SqsTaskQueue(_sqs, new SqsTaskQueueOptions { QueueUrl = url });
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant(), type: "report");
        var message = new TaskQueueMessage(task.Key, task.Tenant, task.Type);

        await queue.EnqueueAsync([message], CancellationToken.None);
        await queue.EnqueueAsync([message], CancellationToken.None);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = 10,
            MessageSystemAttributeNames = ["All"],
            MessageAttributeNames = ["All"],
        });

        var single = Assert.Single(received.Messages);
        Assert.Equal(task.Key.Pk, single.Attributes["MessageGroupId"]);
        Assert.Equal(64, single.Attributes["MessageDeduplicationId"].Length);
        Assert.Equal("report", single.MessageAttributes[SqsTaskQueue.TaskTypeAttribute].StringValue);
        Assert.Equal(task.Tenant, single.MessageAttributes[SqsTaskQueue.TenantAttribute].StringValue);
    }

    [Fact]
    public async Task PublishAsync_WhenAggregatesHaveQueues_ShouldSendEachToItsQueue()
    {
        var orders = (await _sqs.CreateQueueAsync("orders-commands")).QueueUrl;
        var customers = (await _sqs.CreateQueueAsync("customers-commands")).QueueUrl;
        var publisher = new SqsCommandPublisher(_sqs, new SqsCommandPublisherOptions
        {
            QueueUrls = new Dictionary<string, string> { ["order"] = orders, ["customer"] = customers },
        });
        var command = Command("order-1", "msg-1", causation: "msg-0");

        await publisher.PublishAsync("order", [command], CancellationToken.None);
        await publisher.PublishAsync("customer", [Command("cust-9", "msg-2")], CancellationToken.None);

        var order = Assert.Single((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = orders, MessageAttributeNames = ["All"] })).Messages);
        var customer = Assert.Single((await _sqs.ReceiveMessageAsync(customers)).Messages);
        using var body = JsonDocument.Parse(order.Body);
        Assert.Equal("order-1", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("msg-0", body.RootElement.GetProperty("meta").GetProperty("causationId").GetString());
        Assert.Equal("approve", body.RootElement.GetProperty("command").GetProperty("action").GetString());
        Assert.Equal("order", order.MessageAttributes[SqsCommandPublisher.AggregateAttribute].StringValue);
        Assert.Equal("cust-9", CommandMessageJson.Parse(customer.Body).Id);
    }

    [Fact]
    public async Task PublishAsync_WhenAggregateUnknown_ShouldThrowValidationNamingConfiguredOnes()
    {
        var publisher = new SqsCommandPublisher(_sqs, new SqsCommandPublisherOptions
        {
            QueueUrls = new Dictionary<string, string> { ["order"] = "http://unused/1/orders", ["customer"] = "http://unused/1/customers" },
        });

        var error = await Assert.ThrowsAsync<ValidationException>(() => publisher.PublishAsync("invoice", [Command("i-1", "m-1")], CancellationToken.None));

        Assert.Contains("'invoice'", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer, order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_When23Messages_ShouldSendThreeBatchesAndDeliverAll()
    {
        var url = (await _sqs.CreateQueueAsync("many")).QueueUrl;
        var queue = new SqsTaskQueue(_sqs, new SqsTaskQueueOptions { QueueUrl = url, Retry = AwsRetryOptions.NoDelay(2) });
        var tenant = ContractTasks.UniqueTenant();
        var messages = Enumerable.Range(0, 23).Select(i => ContractTasks.NewTask(tenant, i)).Select(t => new TaskQueueMessage(t.Key, t.Tenant, t.Type)).ToArray();

        await queue.EnqueueAsync(messages, CancellationToken.None);
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"]);

        Assert.Equal(23, attributes.ApproximateNumberOfMessages);
    }

    private async Task<Message> ReceiveOneAsync(string url, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["ApproximateReceiveCount"] });
            if (response.Messages is [var message])
            {
                return message;
            }
        }

        throw new TimeoutException("No message arrived.");
    }

    private static CommandMessage Command(string id, string msgId, string? causation = null) => new(
        id,
        new CommandMeta("file-trigger", "system", ContractTasks.BaseTime, msgId, "corr-1", causation),
        ContractTasks.Json("""{"action":"approve","amount":12.5}"""));
}
