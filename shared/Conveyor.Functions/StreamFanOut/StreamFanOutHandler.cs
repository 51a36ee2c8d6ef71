using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Handlers;
using Conveyor.Lambda.Batch;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>
/// The outbox relay. For each change-feed INSERT of a CREATED top-level task, dispatches it — a single task becomes
/// QUEUED and is enqueued for TaskWorker; a step-function task gets its subtasks and Map manifest, becomes STARTED and
/// its workflow is started under a deterministic execution name. For each MODIFY of a task row, publishes the status
/// notifications the change stands for (<see cref="StatusNotificationPublisher"/>, from the old and new images), so a
/// crash between a status write and its notification loses nothing. Partial batch failures keyed by sequence number.
/// </summary>
/// <remarks>
/// Every step re-reads the row (the image may be stale) and is idempotent, because a failed record is redelivered and
/// so may be every record after it: a task already QUEUED is enqueued again (TaskWorker drops duplicates), a
/// step-function task already STARTED is started again (the same execution name makes that a no-op), anything
/// further along is skipped. Subtask INSERTs, REMOVE records and non-task rows are skipped. A redelivered MODIFY
/// publishes again under the same notification identity (FIFO topics and the local notifier keep one). An image that
/// cannot be decoded or a task row that is missing is logged and reported failed (retried, then kept by the on-failure
/// destination).
/// A task whose type has no handler fails at once with <see cref="UnknownTaskType.ErrorType"/>; that is not retried.
/// </remarks>
public sealed class StreamFanOutHandler : ILambdaHandler<DynamoDbStreamEvent, BatchResponse>, IBatchRecordHandler<DynamoDbStreamRecord>
{
    private readonly TaskService _tasks;
    private readonly StatusNotificationPublisher _notifications;
    private readonly ITaskImageDecoder _decoder;
    private readonly ITaskQueue _queue;
    private readonly IObjectStore _objects;
    private readonly IWorkflowStarter _workflows;
    private readonly TaskHandlerRegistry _handlers;
    private readonly BatchProcessor _batch;
    private readonly FunctionsOptions _options;
    private readonly ILogger _logger;

    public StreamFanOutHandler(
        TaskService tasks,
        StatusNotificationPublisher notifications,
        ITaskImageDecoder decoder,
        ITaskQueue queue,
        IObjectStore objects,
        IWorkflowStarter workflows,
        TaskHandlerRegistry handlers,
        BatchProcessor batch,
        FunctionsOptions options,
        ILogger<StreamFanOutHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _notifications = notifications ?? throw new ArgumentNullException(nameof(notifications));
        _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _objects = objects ?? throw new ArgumentNullException(nameof(objects));
        _workflows = workflows ?? throw new ArgumentNullException(nameof(workflows));
        _handlers = handlers ?? throw new ArgumentNullException(nameof(handlers));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<DynamoDbStreamEvent> EventTypeInfo => LambdaEventsJsonContext.Default.DynamoDbStreamEvent;

    public JsonTypeInfo<BatchResponse> ResponseTypeInfo => LambdaEventsJsonContext.Default.BatchResponse;

    public Task<BatchResponse> HandleAsync(DynamoDbStreamEvent input, ILambdaContext context, CancellationToken cancellationToken) =>
        _batch.ProcessDynamoDbStreamAsync(input, this, cancellationToken);

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

        var task = await _tasks.GetAsync(imaged.Key, cancellationToken);
        if (task is null)
        {
            StreamFanOutLog.Missing(_logger, sequence, imaged.Id);
            throw new TaskNotFoundException(imaged.Key);
        }

        if (task.Kind == TaskKind.StepFunction)
        {
            await DispatchStepFunctionAsync(task, cancellationToken);
        }
        else
        {
            await DispatchSingleAsync(task, cancellationToken);
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

    private async Task DispatchSingleAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (task.Status is not (TrackedTaskStatus.Created or TrackedTaskStatus.Queued))
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, task.Status.ToWireName());
            return;
        }

        if (await FailIfUnknownTypeAsync(task, cancellationToken))
        {
            return;
        }

        // QUEUED before the send: a crash in between is redelivered, finds QUEUED and sends again.
        var queued = await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, cancellationToken);
        if (queued.Status != TrackedTaskStatus.Queued)
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, queued.Status.ToWireName());
            return;
        }

        await _queue.EnqueueAsync([TaskQueueMessageJson.For(queued)], cancellationToken);
        StreamFanOutLog.Enqueued(_logger, task.Id, task.Type);
    }

    private async Task DispatchStepFunctionAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (task.Status is not (TrackedTaskStatus.Created or TrackedTaskStatus.Started))
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, task.Status.ToWireName());
            return;
        }

        var executionName = ExecutionNames.For(task.Key);
        var manifestKey = WorkflowManifest.Key(executionName);
        var subTaskCount = task.Input.GetArrayLength();
        var current = task;
        if (current.Status == TrackedTaskStatus.Created)
        {
            if (await FailIfUnknownTypeAsync(current, cancellationToken))
            {
                return;
            }

            var subTasks = await _tasks.CreateSubTasksAsync(current.Key, cancellationToken);
            subTaskCount = subTasks.Count;
            using (var manifest = new MemoryStream(WorkflowManifest.Content(subTaskCount), writable: false))
            {
                await _objects.PutAsync(_options.ArtifactsBucket, manifestKey, manifest, WorkflowManifest.ContentType, cancellationToken);
            }

            current = await _tasks.UpdateStatusAsync(current.Key, TrackedTaskStatus.Started, null, cancellationToken);
            if (current.Status != TrackedTaskStatus.Started)
            {
                StreamFanOutLog.AlreadyDispatched(_logger, task.Id, current.Status.ToWireName());
                return;
            }
        }

        var input = WorkflowManifest.Input(current.Key, current.Tenant, subTaskCount, _options.ArtifactsBucket, manifestKey);
        var execution = await _workflows.StartAsync(new WorkflowStart(current.Key, executionName, input), cancellationToken);
        StreamFanOutLog.WorkflowStarted(_logger, task.Id, execution.ExecutionName, subTaskCount, execution.AlreadyStarted);
    }

    private async Task<bool> FailIfUnknownTypeAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (_handlers.Contains(task.Type))
        {
            return false;
        }

        var error = UnknownTaskType.ErrorFor(task.Type, _handlers);
        StreamFanOutLog.UnknownType(_logger, task.Id, task.Type, error.Message);
        await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
        return true;
    }
}
