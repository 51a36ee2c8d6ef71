using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.Serialization;
using Conveyor.Local.Engine.Buckets;
using Conveyor.Local.Queue;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// Bucket events (written by the folder watcher to a durable queue) → <see cref="FileTriggerHandler"/>, one S3 event per
/// invocation as S3 sends them. An event is handled only when its sequencer is greater than the last one handled for its
/// key (<see cref="BucketSequencerStore"/>), and of several events of one key received together only the newest is handled,
/// so duplicated and out-of-order deliveries start nothing twice; different keys run concurrently. A transient failure (the handler throws) is retried with backoff; the
/// last of <see cref="EngineOptions.MaxDeliveries"/> is dead-lettered with its cause (as is a message that is not an S3 event); a permanent one is logged by the handler and done.
/// </summary>
public sealed class BucketEventLoop(
    FileTriggerHandler handler,
    EngineQueues queues,
    BucketSequencerStore sequencers,
    EngineSignals signals,
    EngineOptions options,
    ILogger<BucketEventLoop> logger) : PollingLoop("bucket events", logger)
{
    private const int BatchSize = 10;

    public static string FunctionName => FileTriggerHandler.Function.LocalName;

    public override FunctionTrigger? Trigger => FunctionTrigger.S3;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var messages = await queues.BucketEvents.ReceiveAsync(BatchSize, null, stop.Intake).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            await signals.BucketEvents.WaitAsync(options.PollInterval, stop.Intake).ConfigureAwait(false);
            return;
        }

        await ProcessBatchAsync(messages, stop.Work).ConfigureAwait(false);
    }

    /// <summary>Handles received bucket-event messages: per key in sequencer order, keys concurrently.</summary>
    internal async Task ProcessBatchAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        var parsed = new List<(QueueMessage Message, S3Event Event)>();
        foreach (var message in messages)
        {
            if (TryParse(message.Body, out var evt, out var reason))
            {
                parsed.Add((message, evt));
                continue;
            }

            LoopLog.MalformedBucketEvent(logger, message.MessageId, reason);
            await queues.BucketEvents.DeadLetterAsync(
                new DeadLetter(message.MessageId, message.Body, queues.BucketEvents.Name, message.ReceiveCount, nameof(JsonException), $"Not an S3 event: {reason}"),
                CancellationToken.None).ConfigureAwait(false);
        }

        var byKey = parsed
            .GroupBy(p => p.Event.Records.Count == 0 ? string.Empty : p.Event.Records[0].S3.Bucket.Name + "/" + p.Event.Records[0].S3.Object.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(p => SequencerOf(p.Event), Comparer<string>.Create(Sequencers.Compare)).ToList())
            .ToList();
        using var gate = new SemaphoreSlim(Math.Max(1, options.Workers));
        await Task.WhenAll(byKey.Select(async group =>
        {
            await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                // Only the newest event of a key in the batch is handled: the folder holds that version only, so an older
                // event would read the newer content (and start its work twice). Events without a sequencer cannot be ordered.
                var newest = group.FindLastIndex(p => p.Event.Records.Count > 0 && p.Event.Records[0].S3.Object.Sequencer is not null);
                for (var i = 0; i < group.Count; i++)
                {
                    var (message, evt) = group[i];
                    if (newest >= 0 && i < newest && SequencerOf(evt).Length > 0)
                    {
                        LoopLog.SupersededBucketEvent(logger, message.MessageId, SequencerOf(evt), SequencerOf(group[newest].Event));
                        await queues.BucketEvents.DeleteAsync(message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
                        continue;
                    }

                    await ProcessMessageAsync(message, evt, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    private async Task ProcessMessageAsync(QueueMessage message, S3Event evt, CancellationToken cancellationToken)
    {
        var queue = queues.BucketEvents;
        var fresh = new List<S3EventRecord>(evt.Records.Count);
        foreach (var record in evt.Records)
        {
            var sequencer = record.S3.Object.Sequencer;
            var last = sequencer is null ? null : await sequencers.GetAsync(record.S3.Bucket.Name, record.S3.Object.Key, CancellationToken.None).ConfigureAwait(false);
            if (sequencer is not null && last is not null && Sequencers.Compare(sequencer, last) <= 0)
            {
                LoopLog.StaleBucketEvent(logger, record.S3.Bucket.Name, record.S3.Object.Key, sequencer, last);
                continue;
            }

            fresh.Add(record);
        }

        if (fresh.Count == 0 && !evt.IsTestEvent)
        {
            await queue.DeleteAsync(message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var context = InProcessLambdaContext.Create(FunctionName, FileTriggerHandler.Function.Timeout, cancellationToken: cancellationToken);
            await handler.HandleAsync(evt with { Records = fresh }, context, cancellationToken).ConfigureAwait(false);
            EngineMetrics.Invoked(FunctionName, started);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // A failed invocation is retried (S3's asynchronous invoke retries too), the last one dead-lettered with its cause.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (message.ReceiveCount >= options.MaxDeliveries)
            {
                await queue.GiveUpAsync(message, ex, "Bucket event", logger).ConfigureAwait(false);
                return;
            }

            var delay = Backoff.For(message.ReceiveCount);
            LoopLog.Retrying(logger, "Bucket event", $"{message.MessageId} ({ex.GetType().Name}: {ex.Message})", message.ReceiveCount, options.MaxDeliveries, delay);
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, delay, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // The keys' sequencers advance in the transaction that deletes the event: handled means both or neither.
        await queue.DeleteAsync(
            message.ReceiptHandle,
            async (connection, transaction) =>
            {
                foreach (var record in fresh)
                {
                    if (record.S3.Object.Sequencer is { } sequencer)
                    {
                        await BucketSequencerStore.AdvanceAsync(connection, transaction, record.S3.Bucket.Name, record.S3.Object.Key, sequencer, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            },
            CancellationToken.None).ConfigureAwait(false);
    }

    private static string SequencerOf(S3Event evt) => evt.Records.Count == 0 ? string.Empty : evt.Records[0].S3.Object.Sequencer ?? string.Empty;

    private static bool TryParse(string body, out S3Event evt, out string reason)
    {
        try
        {
            evt = JsonSerializer.Deserialize(body, S3EventJsonContext.Default.S3Event) ?? throw new JsonException("null event");
            reason = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            evt = new S3Event();
            reason = ex.Message;
            return false;
        }
    }
}
