using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Handlers;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Handlers;
using Conveyor.Functions.Tasks;
using Conveyor.Lambda.Batch;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.TaskWorker;

/// <summary>
/// Runs single tasks from the task queue: claim (PROCESSING) → the handler of the task's type → COMPLETED with the result,
/// FAILED on a permanent failure, or ERRORED and the message reported failed so the queue redelivers it. Partial batch
/// failures: only failed messages come back (on a FIFO queue the batch stops at the first failure).
/// </summary>
/// <remarks>
/// Delivery is at least once, so a message may arrive twice or after its task ended: a terminal task is acknowledged
/// without running again, and a claim lost to another worker drops the duplicate. A task found PROCESSING on a
/// redelivery (receive count above 1) belongs to an attempt that crashed or timed out: it is moved to ERRORED and run
/// again. When the receive count reaches <see cref="FunctionsOptions.MaxAttempts"/> (the queue's maxReceiveCount), a
/// failed attempt ends the task as FAILED instead of ERRORED, so no task is left ERRORED once its message goes to the DLQ.
/// </remarks>
public sealed class TaskWorkerHandler : ILambdaHandler<SqsEvent, BatchResponse>, IBatchRecordHandler<SqsMessage>
{
    private const int MaxClaimAttempts = 3;

    private readonly TaskService _tasks;
    private readonly TaskClaimer _claimer;
    private readonly TaskHandlerRegistry _handlers;
    private readonly BatchProcessor _batch;
    private readonly FunctionsOptions _options;
    private readonly ILogger _logger;

    public TaskWorkerHandler(
        TaskService tasks,
        TaskClaimer claimer,
        TaskHandlerRegistry handlers,
        BatchProcessor batch,
        FunctionsOptions options,
        ILogger<TaskWorkerHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _claimer = claimer ?? throw new ArgumentNullException(nameof(claimer));
        _handlers = handlers ?? throw new ArgumentNullException(nameof(handlers));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<SqsEvent> EventTypeInfo => LambdaEventsJsonContext.Default.SqsEvent;

    public JsonTypeInfo<BatchResponse> ResponseTypeInfo => LambdaEventsJsonContext.Default.BatchResponse;

    public Task<BatchResponse> HandleAsync(SqsEvent input, ILambdaContext context, CancellationToken cancellationToken) =>
        _batch.ProcessSqsAsync(input, this, cancellationToken);

    /// <summary>Processes one message; throwing marks it failed (it will be redelivered).</summary>
    /// <exception cref="PoisonMessageException">The body is not a task-queue message.</exception>
    /// <exception cref="TaskNotFoundException">The task does not exist.</exception>
    /// <exception cref="TaskAttemptFailedException">The handler failed and the task is ERRORED for a retry.</exception>
    public async Task HandleAsync(SqsMessage record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        TaskQueueMessage message;
        try
        {
            message = TaskQueueMessageJson.Parse(record.Body);
        }
        catch (FormatException ex)
        {
            TaskWorkerLog.PoisonMessage(_logger, record.MessageId, ex.Message);
            throw new PoisonMessageException($"Message {record.MessageId} is not a task-queue message: {ex.Message}", ex);
        }

        var task = await _tasks.GetAsync(message.Key, cancellationToken);
        if (task is null)
        {
            TaskWorkerLog.TaskMissing(_logger, record.MessageId, message.Key.Id);
            throw new TaskNotFoundException(message.Key);
        }

        var receiveCount = record.ApproximateReceiveCount;
        var claimed = await ClaimAsync(task, receiveCount, cancellationToken);
        if (claimed is null)
        {
            return;
        }

        await RunAsync(claimed, receiveCount, cancellationToken);
    }

    /// <summary>The claimed row, or null when there is nothing to run (ended already, or another worker has it).</summary>
    private async Task<TrackedTask?> ClaimAsync(TrackedTask task, int receiveCount, CancellationToken cancellationToken)
    {
        var current = task;
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            if (current.Status.IsTerminal())
            {
                TaskWorkerLog.AlreadyEnded(_logger, current.Id, current.Status.ToWireName());
                return null;
            }

            if (current.Status == TrackedTaskStatus.Processing)
            {
                if (receiveCount <= 1)
                {
                    // First delivery of this message, yet the task is running: a duplicate message of a task another worker has.
                    TaskWorkerLog.DuplicateWhileProcessing(_logger, current.Id);
                    return null;
                }

                TaskWorkerLog.InterruptedAttempt(_logger, current.Id, receiveCount);
                current = await _tasks.UpdateStatusAsync(
                    current.Key,
                    TrackedTaskStatus.Errored,
                    new TaskStatusDetails(Error: new TaskError("AttemptInterrupted", "A previous attempt ended without recording an outcome (crash or timeout).")),
                    cancellationToken);
            }

            if (current.Status is TrackedTaskStatus.Started)
            {
                TaskWorkerLog.NotRunnable(_logger, current.Id, current.Status.ToWireName());
                return null;
            }

            var claimed = await _claimer.TryBeginProcessingAsync(current, cancellationToken);
            if (claimed is not null)
            {
                return claimed;
            }

            TaskWorkerLog.ClaimLost(_logger, current.Id);
            current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
            if (current.Status == TrackedTaskStatus.Processing)
            {
                // Another worker claimed it between our read and our write: it runs the task, this duplicate is dropped.
                return null;
            }
        }

        return null;
    }

    private async Task RunAsync(TrackedTask task, int receiveCount, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGet(task.Type, out var handler))
        {
            TaskWorkerLog.NoHandler(_logger, task.Id, task.Type);
            await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: UnknownTaskType.ErrorFor(task.Type, _handlers)), cancellationToken);
            return;
        }

        JsonElement? result;
        try
        {
            result = await handler.HandleAsync(task, cancellationToken);
        }
        catch (PermanentTaskFailureException ex)
        {
            TaskWorkerLog.PermanentFailure(_logger, task.Id, ex.Message);
            await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: TaskError.FromException(ex)), cancellationToken);
            return;
        }
#pragma warning disable CA1031 // Any other handler failure is one failed attempt: recorded, then retried or given up by receive count.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await RecordAttemptFailureAsync(task, receiveCount, ex);
            if (receiveCount >= _options.MaxAttempts)
            {
                return;
            }

            throw new TaskAttemptFailedException($"Task {task.Id} attempt {receiveCount} failed with {ex.GetType().Name}: {ex.Message}", ex);
        }

        await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: result), cancellationToken);
        TaskWorkerLog.Completed(_logger, task.Id, task.Type);
    }

    private async Task RecordAttemptFailureAsync(TrackedTask task, int receiveCount, Exception exception)
    {
        // The invocation's token may have fired (deadline): the outcome write gets its own short budget.
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var error = TaskError.FromException(exception);
        if (receiveCount >= _options.MaxAttempts)
        {
            TaskWorkerLog.AttemptsExhausted(_logger, exception, task.Id, receiveCount, _options.MaxAttempts);
            await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), budget.Token);
        }
        else
        {
            TaskWorkerLog.AttemptFailed(_logger, exception, task.Id, receiveCount, _options.MaxAttempts);
            await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Errored, new TaskStatusDetails(Error: error), budget.Token);
        }
    }
}
