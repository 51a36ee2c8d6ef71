using System.Text.Json;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Serialization;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Engine.Events;
using Conveyor.Local.Queue;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The local DynamoDB-stream event source mapping: reads the change feed after the consumer's checkpoint, hands the
/// records to <see cref="StreamFanOutHandler"/> as stream events, and moves the checkpoint only over records the partial
/// batch response reports as succeeded. From the lowest failed record on, the batch is redelivered with backoff; after
/// <see cref="EngineOptions.MaxDeliveries"/> failures that record is dead-lettered (as a replayable stream event) and skipped.
/// </summary>
/// <remarks>
/// A batch is split into partitions by partition key (<c>pk</c>) and the partitions run concurrently: records of one
/// partition key are handed over in sequence order, and within a partition the handler stops at the first failure (later
/// records are redelivered after it), so the notifications derived from one partition — a step-function parent and its
/// subtasks share <c>SFN_TASK#tenant</c> — are published in the order the writes happened. Different partition keys
/// dispatch in parallel. (Partitioning by item would let a parent's terminal record overtake its subtasks' records.)
/// Redelivered records may already have succeeded; the handler is idempotent by contract.
/// </remarks>
public sealed class ChangeFeedLoop(
    SqliteChangeFeed feed,
    StreamFanOutHandler handler,
    BatchingNotifier notifier,
    SignallingTaskQueue taskQueue,
    EngineQueues queues,
    EngineSignals signals,
    EngineOptions options,
    TimeProvider time,
    ILogger<ChangeFeedLoop> logger) : PollingLoop("change feed", logger)
{
    public const string Consumer = "stream-fan-out";
    private const int BatchSize = 200;
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(30);

    private long _failedSequence = -1;
    private int _failedDeliveries;
    private DateTimeOffset _lastTrim = time.GetUtcNow();

    public static string FunctionName => StreamFanOutHandler.Function.LocalName;

    public override FunctionTrigger? Trigger => FunctionTrigger.DynamoDbStream;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var batch = await feed.ReadBatchAsync(Consumer, BatchSize, stop.Intake).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            if (time.GetUtcNow() - _lastTrim > TrimInterval)
            {
                await feed.TrimAsync(stop.Intake).ConfigureAwait(false);
                _lastTrim = time.GetUtcNow();
            }

            await signals.ChangeFeed.WaitAsync(options.PollInterval, stop.Intake).ConfigureAwait(false);
            return;
        }

        await ProcessAsync(batch, stop).ConfigureAwait(false);
    }

    /// <summary>Dispatches one batch and moves the checkpoint; returns the lowest failed sequence, or null when all succeeded.</summary>
    internal async Task<long?> ProcessAsync(IReadOnlyList<ChangeRecord> batch, StopTokens stop)
    {
        var lowestFailed = await DispatchAsync(batch, stop.Work).ConfigureAwait(false);
        if (lowestFailed is null)
        {
            await feed.AcknowledgeAsync(Consumer, batch[^1].Sequence, CancellationToken.None).ConfigureAwait(false);
            _failedSequence = -1;
            return null;
        }

        var failed = lowestFailed.Value;
        if (failed > batch[0].Sequence)
        {
            await feed.AcknowledgeAsync(Consumer, failed - 1, CancellationToken.None).ConfigureAwait(false);
        }

        if (stop.Work.IsCancellationRequested)
        {
            return failed; // Not a failure of the record: the engine is stopping; it is redelivered on the next start.
        }

        _failedDeliveries = _failedSequence == failed ? _failedDeliveries + 1 : 1;
        _failedSequence = failed;
        var record = batch.First(r => r.Sequence == failed);
        if (_failedDeliveries >= options.MaxDeliveries)
        {
            var body = JsonSerializer.Serialize(new DynamoDbStreamEvent { Records = [StreamRecords.From(record)] }, DynamoDbStreamEventJsonContext.Default.DynamoDbStreamEvent);
            await queues.StreamDeadLetters.SendAsync(new QueueSendRequest(body), CancellationToken.None).ConfigureAwait(false);
            await feed.AcknowledgeAsync(Consumer, failed, CancellationToken.None).ConfigureAwait(false);
            LoopLog.DeadLettered(logger, "Change record", $"{record.Sequence} ({record.EventName} {record.Keys.Id})", _failedDeliveries, queues.StreamDeadLetters.Name);
            _failedSequence = -1;
            return failed;
        }

        var delay = Backoff.For(_failedDeliveries);
        LoopLog.Retrying(logger, "Change record", $"{record.Sequence} ({record.EventName} {record.Keys.Id})", _failedDeliveries, options.MaxDeliveries, delay);
        await Task.Delay(delay, stop.Intake).ConfigureAwait(false);
        return failed;
    }

    private async Task<long?> DispatchAsync(IReadOnlyList<ChangeRecord> batch, CancellationToken cancellationToken)
    {
        var groups = Partition(batch, options.Workers);
        var results = await Task.WhenAll(groups.Select(g => InvokeAsync(g, cancellationToken))).ConfigureAwait(false);
        var failed = results.Where(r => r is not null).Select(r => r!.Value).ToList();
        return failed.Count == 0 ? null : failed.Min();
    }

    /// <summary>
    /// Splits <paramref name="batch"/> into at most <paramref name="workers"/> groups by partition key, each in sequence
    /// order: every record of one pk lands in the same group, like the records of one partition key in a stream shard.
    /// </summary>
    internal static List<List<ChangeRecord>> Partition(IReadOnlyList<ChangeRecord> batch, int workers)
    {
        var partitions = Math.Clamp(workers, 1, Math.Max(batch.Count, 1));
        return batch
            .GroupBy(r => (int)((uint)StringComparer.Ordinal.GetHashCode(r.Keys.Pk) % (uint)partitions))
            .Select(g => g.OrderBy(r => r.Sequence).ToList())
            .ToList();
    }

    private async Task<long?> InvokeAsync(List<ChangeRecord> records, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // The invocation's task-queue messages and notifications are each stored in one transaction after it returns
            // and before the checkpoint moves: the records they came from are acknowledged only once they are stored.
            using var enqueued = taskQueue.Begin();
            using var notifications = notifier.Begin();
            var context = InProcessLambdaContext.Create(FunctionName, StreamFanOutHandler.Function.Timeout, cancellationToken: cancellationToken);
            var response = await handler.HandleAsync(new DynamoDbStreamEvent { Records = records.Select(StreamRecords.From).ToList() }, context, cancellationToken).ConfigureAwait(false);
            await enqueued.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await notifications.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return response.BatchItemFailures.Count == 0 ? null : response.BatchItemFailures.Min(f => StreamRecords.SequenceOf(f.ItemIdentifier));
        }
#pragma warning disable CA1031 // An invocation error fails the whole partition, as a Lambda error fails its batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                LoopLog.Unexpected(logger, ex, "change feed invocation", ex.GetType().Name);
            }

            return records[0].Sequence;
        }
        finally
        {
            EngineMetrics.Invoked(FunctionName, started);
        }
    }
}
