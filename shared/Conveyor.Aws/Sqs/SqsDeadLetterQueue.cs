using System.Text;
using Amazon.SQS;
using Conveyor.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Sqs;

/// <summary>
/// <see cref="IDeadLetterQueue"/> over SQS: the message's body unchanged, its cause as String message attributes
/// (<c>ErrorType</c>, <c>ErrorMessage</c>, <c>SourceQueue</c>, <c>SourceMessageId</c>, <c>ReceiveCount</c>). SQS accepts
/// only XML characters in attribute values, so any other character of an error message becomes U+FFFD.
/// </summary>
public sealed class SqsDeadLetterQueue : IDeadLetterQueue
{
    private static readonly SqsMessageShape<DeadLetter> Shape = new(
        LogicalId: l => l.MessageId,
        Body: l => l.Body,
        Attributes: l => l.Attributes.Select(a => new KeyValuePair<string, string>(a.Key, SqsText(a.Value))),
        GroupId: l => SqsIds.Fit(l.SourceQueue),
        DeduplicationId: l => SqsIds.Hash(l.MessageId));

    private readonly SqsDeadLetterQueueOptions _options;
    private readonly SqsBatchSender _sender;

    public SqsDeadLetterQueue(IAmazonSQS sqs, SqsDeadLetterQueueOptions options, ILogger<SqsDeadLetterQueue>? logger = null, TimeProvider? timeProvider = null)
        : this(new Lazy<IAmazonSQS>(sqs ?? throw new ArgumentNullException(nameof(sqs))), options, logger, timeProvider)
    {
    }

    /// <summary>With the client created on first use: a function's init builds the adapter (and checks its options), not the SDK client.</summary>
    public SqsDeadLetterQueue(Lazy<IAmazonSQS> sqs, SqsDeadLetterQueueOptions options, ILogger<SqsDeadLetterQueue>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sender = new SqsBatchSender(sqs, options.Retry, (ILogger?)logger ?? NullLogger.Instance, timeProvider);
    }

    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return _sender.SendAsync(_options.QueueUrl, [letter], Shape, cancellationToken);
    }

    /// <summary>The text with every character SQS refuses (outside #x9, #xA, #xD, #x20–#xD7FF, #xE000–#xFFFD, #x10000–#x10FFFF) replaced by U+FFFD.</summary>
    public static string SqsText(string value)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var valid = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!valid && char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                cleaned?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            if (!valid)
            {
                cleaned ??= new StringBuilder(value, 0, i, value.Length);
                cleaned.Append('\uFFFD');
            }
            else
            {
                cleaned?.Append(c);
            }
        }

        return cleaned?.ToString() ?? value;
    }
}
