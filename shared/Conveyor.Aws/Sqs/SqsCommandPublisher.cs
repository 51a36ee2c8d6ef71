using Amazon.SQS;
using Conveyor.Core.Commands;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Sqs;

/// <summary>
/// <see cref="ICommandPublisher"/> over SQS: one queue per aggregate, body
/// <c>{id, meta{service, user, time, msgId, correlationId, causationId?}, command}</c>. On a FIFO queue commands to the
/// same aggregate instance (<see cref="CommandMessage.Id"/>) stay in order and <c>msgId</c> deduplicates.
/// </summary>
public sealed class SqsCommandPublisher : ICommandPublisher
{
    public const string AggregateAttribute = "aggregate";
    public const string ServiceAttribute = "service";

    private readonly SqsCommandPublisherOptions _options;
    private readonly SqsBatchSender _sender;

    public SqsCommandPublisher(IAmazonSQS sqs, SqsCommandPublisherOptions options, ILogger<SqsCommandPublisher>? logger = null, TimeProvider? timeProvider = null)
        : this(new Lazy<IAmazonSQS>(sqs ?? throw new ArgumentNullException(nameof(sqs))), options, logger, timeProvider)
    {
    }

    /// <summary>With the client created on first use: a function's init builds the adapter (and checks its options), not the SDK client.</summary>
    public SqsCommandPublisher(Lazy<IAmazonSQS> sqs, SqsCommandPublisherOptions options, ILogger<SqsCommandPublisher>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sender = new SqsBatchSender(sqs, options.Retry, (ILogger?)logger ?? NullLogger.Instance, timeProvider);
    }

    public Task PublishAsync(string aggregate, IReadOnlyList<CommandMessage> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (aggregate is null || !_options.QueueUrls.TryGetValue(aggregate, out var queueUrl))
        {
            var known = _options.QueueUrls.Count == 0 ? "none" : string.Join(", ", _options.QueueUrls.Keys.Order(StringComparer.Ordinal));
            throw new ValidationException($"No command queue is configured for aggregate '{aggregate}'. Configured aggregates: {known}.", nameof(aggregate));
        }

        var shape = new SqsMessageShape<CommandMessage>(
            LogicalId: c => c.Meta.MsgId,
            Body: CommandMessageJson.Serialize,
            Attributes: c => [new(AggregateAttribute, aggregate), new(ServiceAttribute, c.Meta.Service)],
            GroupId: c => SqsIds.Fit(c.Id),
            DeduplicationId: c => SqsIds.Fit(c.Meta.MsgId));
        return _sender.SendAsync(queueUrl, commands, shape, cancellationToken);
    }
}
