using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Sqs;

/// <summary>The SQS task queue against moto passes the task queue contract; receiving parses the body and deletes.</summary>
[Collection("moto")]
public sealed class SqsTaskQueueContractTests(MotoFixture moto) : TaskQueueContract, IAsyncLifetime
{
    private AmazonSQSClient? _sqs;
    private string? _queueUrl;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _sqs = MotoClients.Sqs(moto.Server);
    }

    public Task DisposeAsync()
    {
        _sqs?.Dispose();
        return Task.CompletedTask;
    }

    protected override TimeSpan ReceiveTimeout => TimeSpan.FromSeconds(5);

    protected override async Task<ITaskQueue> CreateQueueAsync()
    {
        _queueUrl = (await _sqs!.CreateQueueAsync("tasks-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        return new SqsTaskQueue(_sqs, new SqsTaskQueueOptions { QueueUrl = _queueUrl, Retry = AwsRetryOptions.NoDelay(2) });
    }

    protected override async Task<IReadOnlyList<TaskQueueMessage>> ReceiveAsync(ITaskQueue queue, int maxMessages, CancellationToken cancellationToken)
    {
        var response = await _sqs!.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = maxMessages, WaitTimeSeconds = 1 }, cancellationToken);
        var messages = response.Messages ?? [];
        foreach (var message in messages)
        {
            await _sqs.DeleteMessageAsync(_queueUrl, message.ReceiptHandle, cancellationToken);
        }

        return messages.Select(m => TaskQueueMessageJson.Parse(m.Body)).ToArray();
    }
}
