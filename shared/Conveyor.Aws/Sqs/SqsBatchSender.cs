using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Conveyor.Aws.Sqs;

/// <summary>
/// Sends messages with SendMessageBatch: chunks of at most 10 entries and 256 KiB, entries SQS refused for its own
/// reasons sent again with backoff (through the retry pipeline), sender faults surfaced at once. Shared by the task
/// queue and the command publisher.
/// </summary>
internal sealed class SqsBatchSender
{
    public const int MaxEntries = 10;
    public const int MaxBatchBytes = 256 * 1024;

    private readonly Lazy<IAmazonSQS> _sqs;
    private readonly Lazy<ResiliencePipeline> _pipeline;

    public SqsBatchSender(Lazy<IAmazonSQS> sqs, AwsRetryOptions retry, ILogger logger, TimeProvider? timeProvider)
    {
        _sqs = sqs;
        _pipeline = AwsResiliencePipelines.CreateLazy(retry, [PartialBatchClassifier.Instance], logger, timeProvider);
    }

    public static bool IsFifo(string queueUrl) => queueUrl.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>
    /// Sends every item as a message of <paramref name="shape"/>; a queue URL ending in <c>.fifo</c> gets group and
    /// deduplication ids. Nothing is sent for an empty list.
    /// </summary>
    /// <exception cref="SqsBatchSendException">Some entries were still refused after the retries.</exception>
    public Task SendAsync<T>(string queueUrl, IReadOnlyList<T> items, SqsMessageShape<T> shape, CancellationToken cancellationToken)
    {
        var fifo = IsFifo(queueUrl);
        var entries = items.Select(item => (shape.LogicalId(item), ToEntry(item, shape, fifo))).ToList();
        return entries.Count == 0 ? Task.CompletedTask : SendEntriesAsync(queueUrl, entries, cancellationToken);
    }

    private static SendMessageBatchRequestEntry ToEntry<T>(T item, SqsMessageShape<T> shape, bool fifo)
    {
        var entry = new SendMessageBatchRequestEntry
        {
            MessageBody = shape.Body(item),
            MessageAttributes = shape.Attributes(item).ToDictionary(
                a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }, StringComparer.Ordinal),
        };
        if (fifo)
        {
            entry.MessageGroupId = shape.GroupId(item);
            entry.MessageDeduplicationId = shape.DeduplicationId(item);
        }

        return entry;
    }

    /// <summary>Sends every entry; <paramref name="entries"/> maps a logical id (task or message id) to its entry.</summary>
    private async Task SendEntriesAsync(string queueUrl, List<(string LogicalId, SendMessageBatchRequestEntry Entry)> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunk(entries))
        {
            var pending = chunk;
            await _pipeline.Value.ExecuteAsync(
                async ct =>
                {
                    var request = new SendMessageBatchRequest
                    {
                        QueueUrl = queueUrl,
                        Entries = pending.Select((e, i) => WithId(e.Entry, i)).ToList(),
                    };
                    var response = await _sqs.Value.SendMessageBatchAsync(request, ct).ConfigureAwait(false);
                    var failed = response.Failed ?? [];
                    if (failed.Count == 0)
                    {
                        return;
                    }

                    var byIndex = failed.ToDictionary(f => int.Parse(f.Id[1..], System.Globalization.CultureInfo.InvariantCulture));
                    var refused = byIndex.ToDictionary(f => pending[f.Key].LogicalId, f => f.Value.Code ?? "Unknown", StringComparer.Ordinal);
                    var retryable = byIndex.Values.All(f => f.SenderFault != true);

                    // Only the refused entries go again; the accepted ones are not sent twice.
                    pending = byIndex.Keys.Order().Select(i => pending[i]).ToList();
                    throw new SqsBatchSendException(queueUrl, refused, retryable);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static SendMessageBatchRequestEntry WithId(SendMessageBatchRequestEntry entry, int index)
    {
        // Batch entry ids only need to be unique within one request; the position keeps them short and valid.
        entry.Id = $"m{index}";
        return entry;
    }

    private static IEnumerable<List<(string LogicalId, SendMessageBatchRequestEntry Entry)>> Chunk(List<(string LogicalId, SendMessageBatchRequestEntry Entry)> entries)
    {
        var chunk = new List<(string, SendMessageBatchRequestEntry)>();
        var bytes = 0;
        foreach (var entry in entries)
        {
            var size = Size(entry.Entry);
            if (chunk.Count == MaxEntries || (chunk.Count > 0 && bytes + size > MaxBatchBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(entry);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static int Size(SendMessageBatchRequestEntry entry) =>
        Encoding.UTF8.GetByteCount(entry.MessageBody)
        + (entry.MessageAttributes?.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType) + Encoding.UTF8.GetByteCount(a.Value.StringValue ?? string.Empty)) ?? 0);

    private sealed class PartialBatchClassifier : ITransientErrorClassifier
    {
        public static PartialBatchClassifier Instance { get; } = new();

        public bool IsTransient(Exception exception) => exception is SqsBatchSendException { Retryable: true };
    }
}
