using Amazon.SQS;
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

    private static readonly SqsMessageShape<TaskQueueMessage> Shape = new(
        LogicalId: m => m.Key.Id,
        Body: TaskQueueMessageJson.Serialize,
        Attributes: m => [new(TaskTypeAttribute, m.Type), new(TenantAttribute, m.Tenant)],
        GroupId: m => SqsIds.Fit(m.Key.Pk),
        DeduplicationId: m => SqsIds.Hash(m.Key.Id));

    private readonly SqsTaskQueueOptions _options;
    private readonly SqsBatchSender _sender;

    public SqsTaskQueue(IAmazonSQS sqs, SqsTaskQueueOptions options, ILogger<SqsTaskQueue>? logger = null, TimeProvider? timeProvider = null)
        : this(new Lazy<IAmazonSQS>(sqs ?? throw new ArgumentNullException(nameof(sqs))), options, logger, timeProvider)
    {
    }

    /// <summary>With the client created on first use: a function's init builds the adapter (and checks its options), not the SDK client.</summary>
    public SqsTaskQueue(Lazy<IAmazonSQS> sqs, SqsTaskQueueOptions options, ILogger<SqsTaskQueue>? logger = null, TimeProvider? timeProvider = null)
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
        return _sender.SendAsync(_options.QueueUrl, messages, Shape, cancellationToken);
    }
}
