using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.Tasks;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.StepFunctions;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// Runs one subtask of a step-function task for the state machine's Map, one <see cref="TaskAttemptRunner"/> attempt per
/// call: PROCESSING → the handler of the subtask's type → COMPLETED with the result, or FAILED for a permanent failure.
/// A failed attempt that may succeed on retry marks the subtask ERRORED and throws <see cref="SubTaskAttemptFailedException"/>, which the state machine retries; once its
/// retries are exhausted it calls again with <c>failure</c> and the subtask becomes FAILED.
/// </summary>
/// <remarks>
/// Redeliveries are safe: a subtask that already ended returns its status without running again, so no subtask runs
/// twice to completion. A subtask found PROCESSING belongs to an attempt that was interrupted (timeout or crash) before
/// it recorded an outcome, because the Map runs one attempt of an item at a time: it is moved to ERRORED, then run again.
/// </remarks>
public sealed class MapItemHandler : ILambdaHandler<MapItemPayload, TaskStatusResponse>
{
    /// <summary>
    /// This function, described once: template.yaml's <c>MapItemFunction</c>. 60 s = RunSubTask's TimeoutSeconds, so a
    /// slow subtask is retried and recorded FAILED inside the EXPRESS child execution's 300 s.
    /// </summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<MapItemHandler, MapItemPayload, TaskStatusResponse>("MapItem", FunctionTrigger.StateMachineTask, TimeSpan.FromSeconds(60));

    private readonly TaskService _tasks;
    private readonly TaskAttemptRunner _attempts;
    private readonly ILogger _logger;

    public MapItemHandler(TaskService tasks, TaskAttemptRunner attempts, ILogger<MapItemHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _attempts = attempts ?? throw new ArgumentNullException(nameof(attempts));
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

        // The Map runs one attempt of an item at a time: a subtask found PROCESSING is an interrupted attempt's.
        var attempt = await _attempts.RunAsync(subTask, new TaskAttempt(0, 0, PreviousAttemptEnded: true), cancellationToken);
        return attempt.Outcome switch
        {
            TaskAttemptOutcome.Retryable => throw new SubTaskAttemptFailedException(
                $"Subtask {subTask.Id} failed with {attempt.Failure!.GetType().Name}: {attempt.Failure.Message}", attempt.Failure),
            TaskAttemptOutcome.NotClaimed when !attempt.Task.Status.IsTerminal() => throw new SubTaskAttemptFailedException(
                $"Subtask {subTask.Id} kept changing while being claimed; another attempt is running it."),
            _ => TaskStatusResponse.Of(attempt.Task.Status),
        };
    }

    private static TaskKey SubTaskKey(MapItemPayload input)
    {
        var parent = TaskKeyPayload.Require(input.Parent, "parent");
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
        var stored = await _tasks.UpdateSubTaskStatusAsync(subTask.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
        return TaskStatusResponse.Of(stored.Status);
    }
}
