using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Sqs;

/// <summary>
/// <see cref="ITaskQueue"/> over SQS. The body is the Core's task-queue message JSON <c>{pk, sk, tenant, type}</c>;
/// message attributes <c>taskType</c> and <c>tenant</c> allow filtering without parsing. On a FIFO queue the group is
/// the task's partition (one tenant's tasks stay in order) and the deduplication id a hash of the task id, so a
/// redelivered dispatch within SQS's five-minute window is dropped.
/// </summary>
public sealed class SqsTaskQueue : ITaskQueue
{
    public const string TaskTypeAttribute = "taskType";
    public const string TenantAttribute = "tenant";

    private readonly SqsTaskQueueOptions _options;
    private readonly SqsBatchSender _sender;

    public SqsTaskQueue(IAmazonSQS sqs, SqsTaskQueueOptions options, ILogger<SqsTaskQueue>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sender = new SqsBatchSender(sqs, options.Retry, (ILogger?)logger ?? NullLogger.Instance, timeProvider);
    }

    public Task EnqueueAsync(IReadOnlyList<TaskQueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var fifo = SqsBatchSender.IsFifo(_options.QueueUrl);
        var entries = messages.Select(m => (m.Key.Id, ToEntry(m, fifo))).ToList();
        return entries.Count == 0 ? Task.CompletedTask : _sender.SendAsync(_options.QueueUrl, entries, cancellationToken);
    }

    private static SendMessageBatchRequestEntry ToEntry(TaskQueueMessage message, bool fifo)
    {
        var entry = new SendMessageBatchRequestEntry
        {
            MessageBody = TaskQueueMessageJson.Serialize(message),
            MessageAttributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
            {
                [TaskTypeAttribute] = new() { DataType = "String", StringValue = message.Type },
                [TenantAttribute] = new() { DataType = "String", StringValue = message.Tenant },
            },
        };
        if (fifo)
        {
            entry.MessageGroupId = SqsIds.Fit(message.Key.Pk);
            entry.MessageDeduplicationId = SqsIds.Hash(message.Key.Id);
        }

        return entry;
    }
}
