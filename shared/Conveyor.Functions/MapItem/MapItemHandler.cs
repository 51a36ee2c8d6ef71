using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Handlers;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Handlers;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.Tasks;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.StepFunctions;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// Runs one subtask of a step-function task for the state machine's Map: PROCESSING → the handler of the subtask's type
/// → COMPLETED with the result, or FAILED for a permanent failure. A failed attempt that may succeed on retry marks the
/// subtask ERRORED and throws <see cref="SubTaskAttemptFailedException"/>, which the state machine retries; once its
/// retries are exhausted it calls again with <c>failure</c> and the subtask becomes FAILED.
/// </summary>
/// <remarks>
/// Redeliveries are safe: a subtask that already ended returns its status without running again, so no subtask runs
/// twice to completion. A subtask found PROCESSING belongs to an attempt that was interrupted (timeout or crash) before
/// it recorded an outcome, because the Map runs one attempt of an item at a time: it is moved to ERRORED, then run again.
/// </remarks>
public sealed class MapItemHandler : ILambdaHandler<MapItemPayload, TaskStatusResponse>
{
    private const int MaxClaimAttempts = 3;

    private readonly TaskService _tasks;
    private readonly TaskClaimer _claimer;
    private readonly TaskHandlerRegistry _handlers;
    private readonly ILogger _logger;

    public MapItemHandler(TaskService tasks, TaskClaimer claimer, TaskHandlerRegistry handlers, ILogger<MapItemHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _claimer = claimer ?? throw new ArgumentNullException(nameof(claimer));
        _handlers = handlers ?? throw new ArgumentNullException(nameof(handlers));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<MapItemPayload> EventTypeInfo => LambdaEventsJsonContext.Default.MapItemPayload;

    public JsonTypeInfo<TaskStatusResponse> ResponseTypeInfo => FunctionsJsonContext.Default.TaskStatusResponse;

    /// <exception cref="SubTaskAttemptFailedException">The attempt failed and may succeed on retry (the subtask is ERRORED).</exception>
    /// <exception cref="TaskNotFoundException">The subtask does not exist.</exception>
    /// <exception cref="ValidationException">The parent is not a step-function task key, or the index is negative.</exception>
    public async Task<TaskStatusResponse> HandleAsync(MapItemPayload input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = SubTaskKey(input);
        var subTask = await _tasks.GetAsync(key, cancellationToken) ?? throw new TaskNotFoundException(key);
        if (input.Failure is { } failure)
        {
            return await RecordFailureAsync(subTask, failure, cancellationToken);
        }

        if (subTask.Status.IsTerminal())
        {
            MapItemLog.AlreadyEnded(_logger, key.Id, subTask.Status.ToWireName());
            return TaskStatusResponse.Of(subTask.Status);
        }

        var claimed = await ClaimAsync(subTask, cancellationToken);
        if (claimed.Status.IsTerminal())
        {
            return TaskStatusResponse.Of(claimed.Status);
        }

        return await RunAsync(claimed, cancellationToken);
    }

    private static TaskKey SubTaskKey(MapItemPayload input)
    {
        var parent = input.Parent.ToTaskKey();
        TaskKind kind;
        try
        {
            kind = TaskKeys.KindOf(parent);
        }
        catch (FormatException ex)
        {
            throw new ValidationException($"The map item's parent is not a task key: {ex.Message}", ex);
        }

        if (kind != TaskKind.StepFunction)
        {
            throw new ValidationException($"The map item's parent {parent.Id} is a {kind} key; expected a step-function task (SFN_TASK#…).", nameof(input));
        }

        return input.Index >= 0
            ? TaskKeys.SubTask(parent, input.Index)
            : throw new ValidationException($"The map item index must be 0 or more; got {input.Index}.", nameof(input));
    }

    /// <summary>PROCESSING for this attempt; a terminal row when the subtask ended meanwhile.</summary>
    private async Task<TrackedTask> ClaimAsync(TrackedTask subTask, CancellationToken cancellationToken)
    {
        var current = subTask;
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            if (current.Status == TrackedTaskStatus.Processing)
            {
                MapItemLog.InterruptedAttempt(_logger, current.Id);
                current = await _tasks.UpdateSubTaskStatusAsync(
                    current.Key,
                    TrackedTaskStatus.Errored,
                    new TaskStatusDetails(Error: new TaskError("AttemptInterrupted", "A previous attempt ended without recording an outcome (timeout or crash).")),
                    cancellationToken);
            }

            var claimed = await _claimer.TryBeginProcessingAsync(current, cancellationToken);
            if (claimed is not null)
            {
                return claimed;
            }

            current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
            if (current.Status.IsTerminal())
            {
                return current;
            }
        }

        throw new SubTaskAttemptFailedException($"Subtask {subTask.Id} kept changing while being claimed; another attempt is running it.");
    }

    private async Task<TaskStatusResponse> RunAsync(TrackedTask subTask, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGet(subTask.Type, out var handler))
        {
            var error = UnknownTaskType.ErrorFor(subTask.Type, _handlers);
            MapItemLog.NoHandler(_logger, subTask.Id, subTask.Type);
            return await EndAsync(subTask.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
        }

        JsonElement? result;
        try
        {
            result = await handler.HandleAsync(subTask, cancellationToken);
        }
        catch (PermanentTaskFailureException ex)
        {
            MapItemLog.PermanentFailure(_logger, subTask.Id, ex.Message);
            return await EndAsync(subTask.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: TaskError.FromException(ex)), cancellationToken);
        }
#pragma warning disable CA1031 // Any other handler failure is one failed attempt: recorded, then surfaced as the typed retryable error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MapItemLog.AttemptFailed(_logger, ex, subTask.Id, ex.GetType().Name);
            // The deadline token may have fired: the ERRORED write uses its own short budget so the outcome is still recorded.
            using var recordBudget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _tasks.UpdateSubTaskStatusAsync(subTask.Key, TrackedTaskStatus.Errored, new TaskStatusDetails(Error: TaskError.FromException(ex)), recordBudget.Token);
            throw new SubTaskAttemptFailedException($"Subtask {subTask.Id} failed with {ex.GetType().Name}: {ex.Message}", ex);
        }

        return await EndAsync(subTask.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: result), cancellationToken);
    }

    private async Task<TaskStatusResponse> RecordFailureAsync(TrackedTask subTask, StepFunctionsError failure, CancellationToken cancellationToken)
    {
        if (subTask.Status.IsTerminal())
        {
            MapItemLog.AlreadyEnded(_logger, subTask.Id, subTask.Status.ToWireName());
            return TaskStatusResponse.Of(subTask.Status);
        }

        var type = string.IsNullOrWhiteSpace(failure.Error) ? "States.TaskFailed" : failure.Error;
        var error = new TaskError(type, StepFunctionsCause.Message(failure.Cause) ?? "The subtask's retries are exhausted.");
        MapItemLog.RetriesExhausted(_logger, subTask.Id, error.Type, error.Message);
        return await EndAsync(subTask.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
    }

    private async Task<TaskStatusResponse> EndAsync(TaskKey key, TrackedTaskStatus status, TaskStatusDetails details, CancellationToken cancellationToken)
    {
        var stored = await _tasks.UpdateSubTaskStatusAsync(key, status, details, cancellationToken);
        return TaskStatusResponse.Of(stored.Status);
    }
}
