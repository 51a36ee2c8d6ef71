using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Hosting;
using Conveyor.Lambda.Batch;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>
/// The outbox relay: routes each change-feed record to one of two separate parts. An INSERT of a top-level task goes to
/// <see cref="TaskDispatcher"/> (new tasks are queued or their workflow started); a MODIFY of a task row goes to
/// <see cref="StatusNotificationPublisher"/> (the status notifications the change stands for, from the old and new
/// images), so a crash between a status write and its notification loses nothing. Partial batch failures keyed by
/// sequence number.
/// </summary>
/// <remarks>
/// A failed record is redelivered and so may be every record after it, so both parts are idempotent: dispatching
/// re-reads the row, and a redelivered MODIFY publishes again under the same notification identity (FIFO topics and the
/// local notifier keep one). Subtask INSERTs, REMOVE records and non-task rows are skipped. An image that cannot be
/// decoded or a task row that is missing is logged and reported failed (retried, then kept by the on-failure destination).
/// </remarks>
public sealed class StreamFanOutHandler : ILambdaHandler<DynamoDbStreamEvent, BatchResponse>, IBatchRecordHandler<DynamoDbStreamRecord>
{
    /// <summary>This function, described once: template.yaml's <c>StreamFanOutFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<StreamFanOutHandler, DynamoDbStreamEvent, BatchResponse>(
            "StreamFanOut",
            FunctionTrigger.DynamoDbStream,
            TimeSpan.FromSeconds(120),
            sp => new StreamFanOutHandler(
                sp.GetRequiredService<TaskDispatcher>(),
                sp.GetRequiredService<StatusNotificationPublisher>(),
                sp.GetRequiredService<ITaskImageDecoder>(),
                sp.GetRequiredService<BatchProcessor>(),
                sp.GetLogger<StreamFanOutHandler>()));

    private readonly TaskDispatcher _dispatcher;
    private readonly StatusNotificationPublisher _notifications;
    private readonly ITaskImageDecoder _decoder;
    private readonly BatchProcessor _batch;
    private readonly ILogger _logger;

    public StreamFanOutHandler(
        TaskDispatcher dispatcher,
        StatusNotificationPublisher notifications,
        ITaskImageDecoder decoder,
        BatchProcessor batch,
        ILogger<StreamFanOutHandler> logger)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _notifications = notifications ?? throw new ArgumentNullException(nameof(notifications));
        _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<DynamoDbStreamEvent> EventTypeInfo => DynamoDbStreamEventJsonContext.Default.DynamoDbStreamEvent;

    public JsonTypeInfo<BatchResponse> ResponseTypeInfo => DynamoDbStreamEventJsonContext.Default.BatchResponse;

    public Task<BatchResponse> HandleAsync(DynamoDbStreamEvent input, ILambdaContext context, CancellationToken cancellationToken) =>
        _batch.ProcessDynamoDbStreamAsync(input, new Invocation(this, input?.Records ?? []), cancellationToken);

    /// <summary>Dispatches (INSERT) or notifies (MODIFY) one change record; throwing marks it failed.</summary>
    /// <exception cref="FormatException">An image is missing or not a decodable task.</exception>
    /// <exception cref="TaskNotFoundException">The row of an INSERT image does not exist.</exception>
    public async Task HandleAsync(DynamoDbStreamRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sequence = record.DynamoDb.SequenceNumber;
        if (record.EventName is not (DynamoDbStreamRecord.Insert or DynamoDbStreamRecord.Modify))
        {
            StreamFanOutLog.Skipped(_logger, sequence, record.EventName, "neither an INSERT nor a MODIFY");
            return;
        }

        if (record.DynamoDb.NewImage is not { } image)
        {
            StreamFanOutLog.Undecodable(_logger, sequence, "the record has no NewImage (the stream must carry new images)");
            throw new FormatException($"Stream record {sequence} has no NewImage; the stream view type must include new images.");
        }

        if (!_decoder.IsTask(image))
        {
            StreamFanOutLog.Skipped(_logger, sequence, record.EventName, "not a task row");
            return;
        }

        var imaged = Decode(image, sequence);
        if (record.EventName == DynamoDbStreamRecord.Modify)
        {
            await NotifyAsync(record, imaged, cancellationToken);
            return;
        }

        if (imaged.Kind == TaskKind.SubTask)
        {
            StreamFanOutLog.Skipped(_logger, sequence, record.EventName, "a subtask (its workflow runs it)");
            return;
        }

        if (imaged.Status.IsTerminal())
        {
            // Stored already ended (a task that could not start): nothing to dispatch, but it is announced like any end.
            var published = await _notifications.PublishAsync(new TaskChange(null, imaged), cancellationToken);
            StreamFanOutLog.Notified(_logger, sequence, imaged.Id, published.Count);
            return;
        }

        if (!await _dispatcher.DispatchAsync(imaged.Key, cancellationToken))
        {
            StreamFanOutLog.Missing(_logger, sequence, imaged.Id);
            throw new TaskNotFoundException(imaged.Key);
        }
    }

    /// <summary>The task of an INSERT record of a new single task (the kind dispatched together with its neighbours); null for any other record.</summary>
    private TrackedTask? NewSingleTask(DynamoDbStreamRecord record)
    {
        if (record is not { EventName: DynamoDbStreamRecord.Insert, DynamoDb.NewImage: { } image } || !_decoder.IsTask(image))
        {
            return null;
        }

        try
        {
            return _decoder.Decode(image) is { Kind: TaskKind.Task, Status: TrackedTaskStatus.Created } task ? task : null;
        }
        catch (FormatException)
        {
            return null; // Reported when the record itself is handled.
        }
    }

    private async Task NotifyAsync(DynamoDbStreamRecord record, TrackedTask newImage, CancellationToken cancellationToken)
    {
        var sequence = record.DynamoDb.SequenceNumber;
        if (record.DynamoDb.OldImage is not { } oldImage)
        {
            StreamFanOutLog.Undecodable(_logger, sequence, "the MODIFY record has no OldImage (the stream must carry old and new images)");
            throw new FormatException($"Stream record {sequence} has no OldImage; the stream view type must be NEW_AND_OLD_IMAGES.");
        }

        var published = await _notifications.PublishAsync(new TaskChange(Decode(oldImage, sequence), newImage), cancellationToken);
        StreamFanOutLog.Notified(_logger, sequence, newImage.Id, published.Count);
    }

    private TrackedTask Decode(JsonElement image, string sequence)
    {
        try
        {
            return _decoder.Decode(image);
        }
        catch (FormatException ex)
        {
            StreamFanOutLog.Undecodable(_logger, sequence, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// One invocation's records, handled in order; a run of consecutive INSERTs of new single tasks is dispatched together
    /// when the processor reaches its first record (<see cref="TaskDispatcher.DispatchNewSinglesAsync"/>: one read, one
    /// write, one send), and the run's records it dispatched are then done. Only a leading part of the run is dispatched
    /// (up to the first record whose row is not a CREATED single task), so no record is acted on before an earlier one
    /// that could fail; a run that throws fails at its first record (the processor stops there and everything from it
    /// is redelivered; redispatching is idempotent). A record the run did not dispatch is handled on its own as before,
    /// and starts no run of its own: each record is part of at most one run, so a batch costs one read per run, not
    /// one per record of a run that could not be dispatched (e.g. tasks of a durable workflow, or of no known type).
    /// </summary>
    private sealed class Invocation(StreamFanOutHandler handler, IReadOnlyList<DynamoDbStreamRecord> records) : IBatchRecordHandler<DynamoDbStreamRecord>
    {
        /// <summary>At most this many records are dispatched together.</summary>
        private const int MaxRun = 500;

        private readonly HashSet<DynamoDbStreamRecord> _dispatched = new(ReferenceEqualityComparer.Instance);
        private int _cursor;
        private int _runEnd;

        public async Task HandleAsync(DynamoDbStreamRecord record, CancellationToken cancellationToken)
        {
            if (_dispatched.Remove(record))
            {
                return;
            }

            var index = IndexOf(record);
            if (index >= _runEnd && index + 1 < records.Count && handler.NewSingleTask(record) is { } first)
            {
                var run = new List<(DynamoDbStreamRecord Record, TaskKey Key)> { (record, first.Key) };
                for (var i = index + 1; i < records.Count && run.Count < MaxRun && handler.NewSingleTask(records[i]) is { } next; i++)
                {
                    run.Add((records[i], next.Key));
                }

                _runEnd = index + run.Count;

                if (run.Count > 1)
                {
                    var dispatched = await handler._dispatcher.DispatchNewSinglesAsync(run.Select(r => r.Key).ToList(), cancellationToken);
                    foreach (var (member, key) in run.Skip(1))
                    {
                        if (dispatched.Contains(key))
                        {
                            _dispatched.Add(member);
                        }
                    }

                    if (dispatched.Contains(first.Key))
                    {
                        return;
                    }
                }
            }

            await handler.HandleAsync(record, cancellationToken);
        }

        /// <summary>The record's position, searched from the last one (the processor goes through them in order).</summary>
        private int IndexOf(DynamoDbStreamRecord record)
        {
            for (var i = _cursor; i < records.Count; i++)
            {
                if (ReferenceEquals(records[i], record))
                {
                    _cursor = i + 1;
                    return i;
                }
            }

            return -1;
        }
    }
}
