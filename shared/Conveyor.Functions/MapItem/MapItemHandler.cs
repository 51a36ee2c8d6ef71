using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.StateMachine;
using Conveyor.Functions.Tasks;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// Runs subtasks of a step-function task for the state machine's Map. The Map's ItemBatcher sends a batch
/// (<c>{"Items":[{"index"}…],"BatchInput":{"parent"}}</c>), run by <see cref="SubTaskBatchRunner"/>: every subtask keeps
/// its own status, retries and failure record, and the answer is <c>{"statuses":[…]}</c>; with <c>failure</c> (the
/// batch's retries are exhausted) every subtask of the batch not yet ended becomes FAILED. One subtask
/// (<c>{"parent","index"}</c>, the shape before batching) is one <see cref="TaskAttemptRunner"/> attempt per call: PROCESSING → the handler of the subtask's type → COMPLETED with the result, or FAILED for a permanent failure.
/// A failed attempt that may succeed on retry marks the subtask ERRORED and throws <see cref="SubTaskAttemptFailedException"/>, which the state machine retries; once its
/// retries are exhausted it calls again with <c>failure</c> and the subtask becomes FAILED.
/// </summary>
/// <remarks>
/// Redeliveries are safe: a subtask that already ended returns its status without running again, so no subtask runs
/// twice to completion. A subtask found PROCESSING belongs to an attempt that was interrupted (timeout or crash) before
/// it recorded an outcome, because the Map runs one attempt of an item at a time: it is moved to ERRORED, then run again.
/// </remarks>
public sealed class MapItemHandler : ILambdaHandler<MapItemPayload, MapItemResponse>
{
    /// <summary>
    /// This function, described once: template.yaml's <c>MapItemFunction</c>. 100 s = RunSubTaskBatch's TimeoutSeconds:
    /// two batch attempts and the failure record fit the EXPRESS child execution's 300 s (tests/Conveyor.Deployment.Tests).
    /// </summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<MapItemHandler, MapItemPayload, MapItemResponse>(
            "MapItem",
            FunctionTrigger.StateMachineTask,
            TimeSpan.FromSeconds(100),
            sp => new MapItemHandler(sp.GetRequiredService<TaskService>(), sp.GetRequiredService<TaskAttemptRunner>(), sp.GetRequiredService<SubTaskBatchRunner>(), sp.GetLogger<MapItemHandler>()));

    private readonly TaskService _tasks;
    private readonly TaskAttemptRunner _attempts;
    private readonly SubTaskBatchRunner _batches;
    private readonly ILogger _logger;

    public MapItemHandler(TaskService tasks, TaskAttemptRunner attempts, SubTaskBatchRunner batches, ILogger<MapItemHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _attempts = attempts ?? throw new ArgumentNullException(nameof(attempts));
        _batches = batches ?? throw new ArgumentNullException(nameof(batches));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<MapItemPayload> EventTypeInfo => MapItemJsonContext.Default.MapItemPayload;

    public JsonTypeInfo<MapItemResponse> ResponseTypeInfo => MapItemJsonContext.Default.MapItemResponse;

    /// <exception cref="SubTaskAttemptFailedException">One subtask's attempt failed and may succeed on retry (the subtask is ERRORED).</exception>
    /// <exception cref="SubTaskBatchIncompleteException">A batch's time ran out before all its subtasks ended.</exception>
    /// <exception cref="TaskNotFoundException">A subtask does not exist.</exception>
    /// <exception cref="ValidationException">Neither shape, a parent that is not a step-function task key, or a negative index.</exception>
    public async Task<MapItemResponse> HandleAsync(MapItemPayload input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (input.IsBatch)
        {
            return await HandleBatchAsync(input, context, cancellationToken);
        }

        var key = SubTaskKey(TaskKeyPayload.Require(input.Parent, "parent"), input.Index
            ?? throw new ValidationException("The map item has neither \"index\" (one subtask) nor \"Items\" (a batch).", nameof(input)));
        var subTask = await _tasks.GetAsync(key, cancellationToken) ?? throw new TaskNotFoundException(key);
        if (input.Failure is { } failure)
        {
            return MapItemResponse.Of((await RecordFailureAsync(subTask, failure, cancellationToken)).Status);
        }

        // The Map runs one attempt of an item at a time: a subtask found PROCESSING is an interrupted attempt's.
        var attempt = await _attempts.RunAsync(subTask, new TaskAttempt(0, 0, PreviousAttemptEnded: true), cancellationToken);
        return attempt.Outcome switch
        {
            TaskAttemptOutcome.Retryable => throw new SubTaskAttemptFailedException(
                $"Subtask {subTask.Id} failed with {attempt.Failure!.GetType().Name}: {attempt.Failure.Message}", attempt.Failure),
            TaskAttemptOutcome.NotClaimed when !attempt.Task.Status.IsTerminal() => throw new SubTaskAttemptFailedException(
                $"Subtask {subTask.Id} kept changing while being claimed; another attempt is running it."),
            _ => MapItemResponse.Of(attempt.Task.Status),
        };
    }

    private async Task<MapItemResponse> HandleBatchAsync(MapItemPayload input, ILambdaContext context, CancellationToken cancellationToken)
    {
        var parent = TaskKeyPayload.Require(input.BatchInput?.Parent, "BatchInput.parent");
        var keys = input.Items!.Select(item => SubTaskKey(parent, (item ?? throw new ValidationException("A batch item is null.", nameof(input))).Index)).ToList();
        if (input.Failure is { } failure)
        {
            var recorded = new List<TrackedTaskStatus>(keys.Count);
            foreach (var key in keys)
            {
                var subTask = await _tasks.GetAsync(key, cancellationToken) ?? throw new TaskNotFoundException(key);
                recorded.Add((await RecordFailureAsync(subTask, failure, cancellationToken)).Status);
            }

            return MapItemResponse.Of(recorded);
        }

        return MapItemResponse.Of(await _batches.RunAsync(keys, context.RemainingTime, cancellationToken));
    }

    private static TaskKey SubTaskKey(TaskKey parent, int index)
    {
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
            throw new ValidationException($"The map item's parent {parent.Id} is a {kind} key; expected a step-function task (SFN_TASK#…).", nameof(parent));
        }

        return index >= 0
            ? TaskKeys.SubTask(parent, index)
            : throw new ValidationException($"The map item index must be 0 or more; got {index}.", nameof(index));
    }

    private async Task<TrackedTask> RecordFailureAsync(TrackedTask subTask, StepFunctionsError failure, CancellationToken cancellationToken)
    {
        if (subTask.Status.IsTerminal())
        {
            MapItemLog.AlreadyEnded(_logger, subTask.Id, subTask.Status.ToWireName());
            return subTask;
        }

        var type = string.IsNullOrWhiteSpace(failure.Error) ? "States.TaskFailed" : failure.Error;
        var error = new TaskError(type, StepFunctionsCause.Message(failure.Cause) ?? "The subtask's retries are exhausted.");
        MapItemLog.RetriesExhausted(_logger, subTask.Id, error.Type, error.Message);
        return await _tasks.UpdateSubTaskStatusAsync(subTask.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
    }
}
