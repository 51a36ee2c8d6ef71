using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Events.Sqs;
using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Batch;

/// <summary>
/// Runs a per-record handler over a batch and builds the partial batch response. Every record counts as failed until
/// its handler returned: an exception fails only that record (logged with its identifier); records not reached
/// because of <see cref="BatchProcessingOptions.StopOnFirstFailure"/> or cancellation are reported failed too,
/// so nothing in the batch is lost.
/// </summary>
public sealed partial class BatchProcessor
{
    private readonly ILogger _logger;

    public BatchProcessor(ILogger<BatchProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>SQS: failures keyed by <c>messageId</c>; a FIFO source (ARN ending <c>.fifo</c>) stops at the first failure.</summary>
    public Task<BatchResponse> ProcessSqsAsync(
        SqsEvent batch, IBatchRecordHandler<SqsMessage> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = EventRecords.RequireAll(batch.Records, "SQS event");
        var fifo = records.Count > 0 && records[0].IsFromFifoQueue;
        return ProcessAsync(
            records, m => m.MessageId, handler, new BatchProcessingOptions { StopOnFirstFailure = fifo }, cancellationToken);
    }

    /// <summary>
    /// DynamoDB streams: failures keyed by <c>SequenceNumber</c>. Lambda retries from the lowest failed sequence number,
    /// so records after a failure may be delivered again: stream handlers must be idempotent. Processing stops at the
    /// first failed record and reports it and every later record failed, so no later change is acted on (or notified)
    /// before an earlier one that will be retried: the shard's order holds.
    /// </summary>
    public Task<BatchResponse> ProcessDynamoDbStreamAsync(
        DynamoDbStreamEvent batch, IBatchRecordHandler<DynamoDbStreamRecord> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ProcessAsync(
            EventRecords.RequireAll(batch.Records, "DynamoDB stream event"), r => r.DynamoDb.SequenceNumber, handler, new BatchProcessingOptions { StopOnFirstFailure = true }, cancellationToken);
    }

    public async Task<BatchResponse> ProcessAsync<TRecord>(
        IReadOnlyList<TRecord> records,
        Func<TRecord, string> identify,
        IBatchRecordHandler<TRecord> handler,
        BatchProcessingOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(identify);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<BatchItemFailure>();
        for (var i = 0; i < records.Count; i++)
        {
            var id = identify(records[i]);
            if (cancellationToken.IsCancellationRequested)
            {
                LogNotReached(records.Count - i, id);
                AddRemaining(records, identify, i, failures);
                break;
            }

            try
            {
                await handler.HandleAsync(records[i], cancellationToken);
            }
            catch (Exception ex)
            {
                LogRecordFailed(ex, id, ex.GetType().Name);
                failures.Add(new BatchItemFailure(id));
                if (options.StopOnFirstFailure)
                {
                    if (i + 1 < records.Count)
                    {
                        LogStopped(records.Count - i - 1, id);
                    }

                    AddRemaining(records, identify, i + 1, failures);
                    break;
                }
            }
        }

        return new BatchResponse { BatchItemFailures = failures };
    }

    private static void AddRemaining<TRecord>(
        IReadOnlyList<TRecord> records, Func<TRecord, string> identify, int from, List<BatchItemFailure> failures)
    {
        for (var j = from; j < records.Count; j++)
        {
            failures.Add(new BatchItemFailure(identify(records[j])));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch record {ItemIdentifier} failed with {ErrorType}")]
    private partial void LogRecordFailed(Exception exception, string itemIdentifier, string errorType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stopping the ordered batch after failed record {ItemIdentifier}; {Count} later records reported as failed")]
    private partial void LogStopped(int count, string itemIdentifier);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cancelled before record {ItemIdentifier}; {Count} records reported as failed for retry")]
    private partial void LogNotReached(int count, string itemIdentifier);
}
