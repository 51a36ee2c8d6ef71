using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Tasks;
using Conveyor.Lambda.Batch;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.TaskWorker;

/// <summary>
/// Runs single tasks from the task queue, one <see cref="TaskAttemptRunner"/> attempt per message: claim (PROCESSING) →
/// the handler of the task's type → COMPLETED with the result, FAILED on a permanent failure, or ERRORED and the message
/// reported failed so the queue redelivers it. Partial batch
/// failures: only failed messages come back (on a FIFO queue the batch stops at the first failure).
/// </summary>
/// <remarks>
/// Delivery is at least once, so a message may arrive twice or after its task ended: a terminal task is acknowledged
/// without running again, and a claim lost to another worker drops the duplicate. A task found PROCESSING on a
/// redelivery (receive count above 1) belongs to an attempt that crashed or timed out: it is moved to ERRORED and run
/// again. When the receive count reaches <see cref="FunctionsOptions.MaxAttempts"/> (the queue's maxReceiveCount), a
/// failed attempt ends the task as FAILED instead of ERRORED, so no task is left ERRORED once its message goes to the DLQ.
/// A message that still fails on that last receive (a malformed body, a missing task, an outcome that could not be
/// written) is dead-lettered by the worker itself with its cause as message attributes, then acknowledged: the queue's
/// own redrive would move it without one. Should that send fail, the message is reported failed and the redrive moves it.
/// </remarks>
public sealed class TaskWorkerHandler : ILambdaHandler<SqsEvent, BatchResponse>, IBatchRecordHandler<SqsMessage>
{
    /// <summary>This function, described once: template.yaml's <c>TaskWorkerFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<TaskWorkerHandler, SqsEvent, BatchResponse>(
            "TaskWorker",
            FunctionTrigger.Sqs,
            TimeSpan.FromSeconds(150),
            sp => new TaskWorkerHandler(
                sp.GetRequiredService<TaskService>(),
                sp.GetRequiredService<TaskAttemptRunner>(),
                sp.GetRequiredService<BatchProcessor>(),
                sp.GetRequiredService<FunctionsOptions>(),
                sp.GetRequiredService<IDeadLetterQueue>(),
                sp.GetLogger<TaskWorkerHandler>()));

    private readonly TaskService _tasks;
    private readonly TaskAttemptRunner _attempts;
    private readonly BatchProcessor _batch;
    private readonly FunctionsOptions _options;
    private readonly IDeadLetterQueue _deadLetters;
    private readonly ILogger _logger;

    public TaskWorkerHandler(
        TaskService tasks,
        TaskAttemptRunner attempts,
        BatchProcessor batch,
        FunctionsOptions options,
        IDeadLetterQueue deadLetters,
        ILogger<TaskWorkerHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _attempts = attempts ?? throw new ArgumentNullException(nameof(attempts));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<SqsEvent> EventTypeInfo => SqsEventJsonContext.Default.SqsEvent;

    public JsonTypeInfo<BatchResponse> ResponseTypeInfo => SqsEventJsonContext.Default.BatchResponse;

    /// <remarks>
    /// The batch's task rows are read together first (one read where the store can). A row so read that can be claimed
    /// at once (QUEUED or ERRORED) is what its message's attempt starts from; should another writer change it before its
    /// turn, the claim is lost and the attempt goes on from a fresh read, as on any lost claim. Any other row (PROCESSING,
    /// ended, missing) is read again when its message's turn comes, as before.
    /// </remarks>
    public async Task<BatchResponse> HandleAsync(SqsEvent input, ILambdaContext context, CancellationToken cancellationToken)
    {
        var read = input?.Records is { Count: > 1 } records ? await ReadAheadAsync(records, cancellationToken) : null;
        return await _batch.ProcessSqsAsync(input!, read is null ? this : new ReadAhead(this, read), cancellationToken);
    }

    /// <summary>The claimable rows of the batch's well-formed messages, by message; null when there is nothing to read.</summary>
    private async Task<Dictionary<SqsMessage, TrackedTask>?> ReadAheadAsync(IReadOnlyList<SqsMessage> records, CancellationToken cancellationToken)
    {
        var messages = new List<(SqsMessage Record, TaskKey Key)>();
        foreach (var record in records)
        {
            try
            {
                if (record?.Body is { } body)
                {
                    messages.Add((record, TaskQueueMessageJson.Parse(body).Key));
                }
            }
            catch (FormatException)
            {
                // Reported when its turn comes.
            }
        }

        if (messages.Count < 2)
        {
            return null;
        }

        var rows = await _tasks.GetEachAsync(messages.Select(m => m.Key).ToList(), cancellationToken);
        var claimable = new Dictionary<SqsMessage, TrackedTask>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < messages.Count; i++)
        {
            if (rows[i] is { Status: TrackedTaskStatus.Queued or TrackedTaskStatus.Errored } row)
            {
                claimable[messages[i].Record] = row;
            }
        }

        return claimable;
    }

    /// <summary>
    /// Processes one message; throwing marks it failed (it will be redelivered). On the last receive a failure is
    /// dead-lettered with its cause instead, and the message counts as handled.
    /// </summary>
    /// <exception cref="PoisonMessageException">The body is not a task-queue message.</exception>
    /// <exception cref="TaskNotFoundException">The task does not exist.</exception>
    /// <exception cref="TaskAttemptFailedException">The handler failed and the task is ERRORED for a retry.</exception>
    public Task HandleAsync(SqsMessage record, CancellationToken cancellationToken) => HandleAsync(record, readAhead: null, cancellationToken);

    private async Task HandleAsync(SqsMessage record, TrackedTask? readAhead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await RunAsync(record, readAhead, cancellationToken);
        }
        catch (Exception ex) when (record.ApproximateReceiveCount >= _options.MaxAttempts && ex is not OperationCanceledException)
        {
            await DeadLetterAsync(record, ex, cancellationToken);
        }
    }

    private async Task DeadLetterAsync(SqsMessage record, Exception failure, CancellationToken cancellationToken)
    {
        var letter = new DeadLetter(record.MessageId, record.Body, record.EventSourceArn ?? "", record.ApproximateReceiveCount, failure.GetType().Name, failure.Message);
        try
        {
            await _deadLetters.DeadLetterAsync(letter, cancellationToken);
        }
#pragma warning disable CA1031 // Whatever stopped the send, the message must not be acknowledged: the original failure is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            TaskWorkerLog.DeadLetterFailed(_logger, ex, record.MessageId);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        TaskWorkerLog.DeadLettered(_logger, record.MessageId, record.ApproximateReceiveCount, _options.MaxAttempts, letter.ErrorType, letter.ErrorMessage);
    }

    private async Task RunAsync(SqsMessage record, TrackedTask? readAhead, CancellationToken cancellationToken)
    {
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

        var task = readAhead is not null && readAhead.Key == message.Key ? readAhead : await _tasks.GetAsync(message.Key, cancellationToken);
        if (task is null)
        {
            TaskWorkerLog.TaskMissing(_logger, record.MessageId, message.Key.Id);
            throw new TaskNotFoundException(message.Key);
        }

        var receiveCount = record.ApproximateReceiveCount;
        // A task found PROCESSING on a redelivery belongs to an attempt that crashed or timed out; on a first delivery, to another worker.
        var attempt = new TaskAttempt(receiveCount, _options.MaxAttempts, PreviousAttemptEnded: receiveCount > 1);
        var outcome = await _attempts.RunAsync(task, attempt, cancellationToken);
        if (outcome.Outcome == TaskAttemptOutcome.Retryable)
        {
            var ex = outcome.Failure!;
            throw new TaskAttemptFailedException($"Task {task.Id} attempt {receiveCount} failed with {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>One invocation's messages, each run from its row read ahead with the others when there is one.</summary>
    private sealed class ReadAhead(TaskWorkerHandler handler, Dictionary<SqsMessage, TrackedTask> rows) : IBatchRecordHandler<SqsMessage>
    {
        public Task HandleAsync(SqsMessage record, CancellationToken cancellationToken) =>
            handler.HandleAsync(record, rows.GetValueOrDefault(record), cancellationToken);
    }
}
