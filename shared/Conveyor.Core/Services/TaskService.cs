using System.Text.Json;
using Conveyor.Core.Actions;
using Conveyor.Core.Ids;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Core.Services;

/// <summary>
/// The task lifecycle over the ports, its one entry point for every state change: creates tasks and subtasks, claims
/// them (<see cref="TryClaimAsync"/>), moves statuses with compare-and-set writes. Status notifications are not published
/// here: the change feed turns each stored change into them (<see cref="Notifications.StatusNotificationPublisher"/>);
/// only the explicit <see cref="PublishAlarmAsync"/> goes to the notifier directly. Safe under at-least-once delivery:
/// repeating a call does not duplicate rows. Split over partial files: creation and reads here, status changes, step functions.
/// </summary>
public sealed partial class TaskService : ITaskStarter
{
    public const int MaxListLimit = 1000;

    /// <summary>How often a lost compare-and-set is retried on a fresh read before the conflict surfaces.</summary>
    public const int MaxWriteAttempts = 5;

    private const int SubTaskPageSize = 1000;

    private readonly ITaskStore _store;
    private readonly INotifier _notifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public TaskService(ITaskStore store, INotifier notifier, TimeProvider timeProvider, ILogger<TaskService>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Stores a new task in CREATED: a single task (pk <c>TASK#tenant</c>), or a step-function task (pk
    /// <c>SFN_TASK#tenant</c>) when <see cref="CreateTaskRequest.StepFunction"/>. Dispatch follows from the change feed.
    /// </summary>
    /// <exception cref="ValidationException">Bad tenant, type, name or input (a step-function task needs a non-empty JSON array; <see cref="PayloadTooLargeException"/>: input over <see cref="PayloadLimits.MaxInputBytes"/>, or for a step-function task an item over it or the list over <see cref="PayloadLimits.MaxStepFunctionInputBytes"/>).</exception>
    /// <exception cref="IdempotencyKeyReusedException">The idempotency key created a task from a different request.</exception>
    public Task<TaskCreation> CreateTaskAsync(CreateTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.StepFunction ? CreateStepFunctionTaskAsync(request, cancellationToken) : CreateAsync(request, stepFunction: false, cancellationToken);
    }

    /// <summary>Stores a new step-function task (pk <c>SFN_TASK#tenant</c>) whatever <see cref="CreateTaskRequest.StepFunction"/> says; its input is the array of subtask inputs.</summary>
    /// <exception cref="ValidationException">Bad tenant or type, or the input is not a non-empty JSON array.</exception>
    public Task<TaskCreation> CreateStepFunctionTaskAsync(CreateTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.Input;
        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            var got = input.ValueKind == JsonValueKind.Array ? "an empty array" : JsonRead.Describe(input.ValueKind);
            throw new ValidationException(
                $"The input of a step-function task must be a non-empty JSON array (one item per subtask); got {got}.",
                nameof(request));
        }

        return CreateAsync(request, stepFunction: true, cancellationToken);
    }

    /// <summary>
    /// Stores a single task that failed before it could start — e.g. a file that cannot become a task — as FAILED with
    /// <paramref name="error"/>, so it is seen where tasks are seen (lists, API, dashboard, a <c>task-status</c>
    /// notification from the change feed). It is never dispatched. With an idempotency key a repeat returns the first record.
    /// </summary>
    /// <exception cref="ValidationException">Bad tenant, type or input.</exception>
    public Task<TaskCreation> RecordFailedAsync(CreateTaskRequest request, TaskError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return CreateAsync(request, stepFunction: false, cancellationToken, error);
    }

    /// <inheritdoc cref="CreateTaskAsync"/>
    public Task<TaskCreation> StartAsync(CreateTaskRequest request, CancellationToken cancellationToken) => CreateTaskAsync(request, cancellationToken);

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken) => _store.GetAsync(key, cancellationToken);

    /// <summary>One page of a tenant's tasks or step-function parents (subtasks are listed with <see cref="ListSubTasksAsync"/>).</summary>
    /// <exception cref="ValidationException">Bad tenant, limit outside 1–1000, subtask kind, or a foreign continuation token.</exception>
    public Task<TaskPage> ListAsync(TaskListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1 or > MaxListLimit)
        {
            throw new ValidationException($"The list limit must be between 1 and {MaxListLimit}; got {request.Limit}.", nameof(request));
        }

        var stepFunction = request.Kind switch
        {
            TaskKind.Task => false,
            TaskKind.StepFunction => true,
            _ => throw new ValidationException("Subtasks are listed per parent: use ListSubTasksAsync with the parent key.", nameof(request)),
        };
        var query = new TaskQuery(
            TaskKeys.PartitionKey(request.Tenant, stepFunction),
            Limit: request.Limit,
            Ascending: request.Ascending,
            ContinuationToken: request.ContinuationToken,
            ExcludeSubTasks: stepFunction);
        return _store.QueryAsync(query, cancellationToken);
    }

    private async Task<TaskCreation> CreateAsync(CreateTaskRequest request, bool stepFunction, CancellationToken cancellationToken, TaskError? failure = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        TaskKeys.ValidateTenant(request.Tenant);
        TaskKeys.ValidateSegment(request.Type, "type", TaskKeys.MaxTypeLength);
        if (request.Input.ValueKind == JsonValueKind.Undefined)
        {
            throw new ValidationException("The task input is missing; pass a JSON value ({} when there is nothing to pass).", nameof(request));
        }

        if (stepFunction)
        {
            PayloadLimits.EnsureStepFunctionInput(request.Input);
        }
        else
        {
            PayloadLimits.EnsureInput(request.Input);
        }

        DisplayText.ValidateName(request.Name, "task name");
        if (request.IdempotencyKey is { Length: 0 })
        {
            throw new ValidationException("An idempotency key must not be empty; omit it instead.", nameof(request));
        }

        var now = Now();
        var task = new TrackedTask
        {
            Key = TaskKeys.NewTask(request.Tenant, request.Type, Ulid.NewUlid(now), stepFunction),
            Tenant = request.Tenant,
            Type = request.Type,
            Name = string.IsNullOrWhiteSpace(request.Name) ? request.Type : request.Name,
            Status = failure is null ? TrackedTaskStatus.Created : TrackedTaskStatus.Failed,
            Error = failure,
            Input = request.Input.Clone(),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = request.CreatedBy,
            RequestId = request.RequestId,
        };
        var creation = await _store.CreateAsync(task, request.IdempotencyKey, cancellationToken);
        if (!creation.Created && Difference(creation.Task, task) is { } difference)
        {
            throw new IdempotencyKeyReusedException(creation.Task.Key, difference);
        }

        TaskServiceLog.TaskCreated(_logger, creation.Task.Id, creation.Task.Tenant, creation.Task.Type, creation.Created);
        return creation;
    }

    /// <summary>What differs between the task an idempotency key created and a new request with that key, or null when it is the same request.</summary>
    private static string? Difference(TrackedTask existing, TrackedTask requested) =>
        !string.Equals(existing.Type, requested.Type, StringComparison.Ordinal) ? $"type '{existing.Type}', now '{requested.Type}'"
        : !string.Equals(existing.Name, requested.Name, StringComparison.Ordinal) ? "a different name"
        : !JsonElement.DeepEquals(existing.Input, requested.Input) ? "a different input"
        : null;

    private DateTimeOffset Now() => TaskTimestamps.Normalize(_timeProvider.GetUtcNow());

    private static void EnsureKind(TaskKey key, TaskKind expected, string what)
    {
        var kind = TaskKeys.KindOf(key);
        if (kind != expected)
        {
            throw new ValidationException($"{key.Id} is a {kind} key; {what} needs a {expected} key.", nameof(key));
        }
    }

    private async Task<TrackedTask> GetRequiredAsync(TaskKey key, CancellationToken cancellationToken) =>
        await _store.GetAsync(key, cancellationToken) ?? throw new TaskNotFoundException(key);
}
