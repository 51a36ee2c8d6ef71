using System.Globalization;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Services;

/// <summary>Step-function tasks: subtasks, progress attributes, the parent's outcome and alarms.</summary>
public sealed partial class TaskService
{
    public const string ExecutionFailedErrorType = "ExecutionFailed";
    public const string SubTasksUnfinishedErrorType = "SubTasksUnfinished";

    /// <summary>
    /// Creates one subtask per item of the parent's input array (key <c>parentSk#index</c>, CREATED). Idempotent:
    /// existing rows are kept, so a second call returns the same subtasks. Returns them in index order.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such parent.</exception>
    public async Task<IReadOnlyList<TrackedTask>> CreateSubTasksAsync(TaskKey parentKey, CancellationToken cancellationToken)
    {
        EnsureKind(parentKey, TaskKind.StepFunction, nameof(CreateSubTasksAsync));
        var parent = await GetRequiredAsync(parentKey, cancellationToken);
        if (parent.Input.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationException($"The input of step-function task {parentKey.Id} is not a JSON array.", nameof(parentKey));
        }

        var now = Now();
        var subTasks = parent.Input.EnumerateArray().Select((item, index) => new TrackedTask
        {
            Key = TaskKeys.SubTask(parentKey, index),
            Tenant = parent.Tenant,
            Type = parent.Type,
            Name = parent.Name,
            Status = TrackedTaskStatus.Created,
            Input = item.Clone(),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = parent.CreatedBy,
            RequestId = parent.RequestId,
            ParentKey = parentKey,
        }).ToArray();
        var inserted = await _store.CreateSubTasksAsync(subTasks, cancellationToken);
        TaskServiceLog.SubTasksCreated(_logger, parentKey.Id, inserted, subTasks.Length);
        return await ListSubTasksAsync(parentKey, cancellationToken);
    }

    /// <summary>All subtasks of a parent (every page), in numeric index order.</summary>
    public async Task<IReadOnlyList<TrackedTask>> ListSubTasksAsync(TaskKey parentKey, CancellationToken cancellationToken)
    {
        EnsureKind(parentKey, TaskKind.StepFunction, nameof(ListSubTasksAsync));
        var prefix = TaskKeys.SubTaskPrefix(parentKey);
        var found = new List<(int Index, TrackedTask Task)>();
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(new TaskQuery(parentKey.Pk, prefix, SubTaskPageSize, Ascending: true, token), cancellationToken);
            foreach (var task in page.Items)
            {
                // Sort keys order "10" before "9"; the index is the number after the prefix.
                if (int.TryParse(task.Key.Sk.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    found.Add((index, task));
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return found.OrderBy(pair => pair.Index).Select(pair => pair.Task).ToArray();
    }

    public async Task<ProgressSummary> GetProgressAsync(TaskKey parentKey, CancellationToken cancellationToken) =>
        ProgressSummary.Of(await ListSubTasksAsync(parentKey, cancellationToken));

    /// <summary>
    /// The task as shown to readers (API, CLI): a step-function task that has not ended gets its live progress summary
    /// as <see cref="TrackedTask.Attributes"/> (the stored one is only written at the end); any other task as stored.
    /// </summary>
    public async Task<TrackedTask> WithLiveProgressAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind == TaskKind.StepFunction && !task.Status.IsTerminal()
            ? task with { Attributes = await GetProgressAsync(task.Key, cancellationToken) }
            : task;
    }

    /// <summary>
    /// Recomputes the parent's progress summary from its subtasks and stores it (compare-and-set); the change becomes
    /// <c>task-status</c> through the change feed. Unchanged summaries and terminal parents (already finalized) are returned as they are.
    /// </summary>
    public async Task<TrackedTask> UpdateStepFunctionAttributesAsync(TaskKey parentKey, CancellationToken cancellationToken)
    {
        EnsureKind(parentKey, TaskKind.StepFunction, nameof(UpdateStepFunctionAttributesAsync));
        return await RetryOnConflictAsync(
            parentKey,
            async ct =>
            {
                var parent = await GetRequiredAsync(parentKey, ct);
                var summary = await GetProgressAsync(parentKey, ct);
                // A late MapItem redelivery after finalization: the final summary is stored already.
                if (parent.Status.IsTerminal() || summary.Equals(parent.Attributes))
                {
                    return parent;
                }

                return await _store.UpdateAsync(parent.WithAttributes(summary, Now()), TaskWriteCondition.For(parent), ct);
            },
            cancellationToken);
    }

    /// <summary>
    /// Sets the parent's final status once its workflow ended, with the final progress summary in the same write:
    /// FAILED (<see cref="ExecutionFailedErrorType"/>) when the execution failed; COMPLETED when every subtask
    /// completed; FINISHED when all ended and some failed; FAILED (<see cref="SubTasksUnfinishedErrorType"/>) when some
    /// never ended. The stored change becomes <c>task-status</c>, and <c>sfn-alarm</c> for anything but COMPLETED, through
    /// the change feed (<see cref="Notifications.TaskChangeNotifications"/>). Idempotent: a terminal parent is returned unchanged.
    /// </summary>
    public async Task<TrackedTask> FinalizeStepFunctionTaskAsync(TaskKey parentKey, string? executionError, CancellationToken cancellationToken)
    {
        EnsureKind(parentKey, TaskKind.StepFunction, nameof(FinalizeStepFunctionTaskAsync));
        return await RetryOnConflictAsync(
            parentKey,
            async ct =>
            {
                var parent = await GetRequiredAsync(parentKey, ct);
                if (parent.Status.IsTerminal())
                {
                    TaskServiceLog.AlreadyInStatus(_logger, parentKey.Id, parent.Status.ToWireName());
                    return parent;
                }

                var summary = await GetProgressAsync(parentKey, ct);
                var next = Outcome(parent, summary, executionError, Now());
                var stored = await _store.UpdateAsync(next with { Attributes = summary }, TaskWriteCondition.For(parent), ct);
                TaskServiceLog.Finalized(_logger, parentKey.Id, stored.Status.ToWireName());
                return stored;
            },
            cancellationToken);
    }

    /// <summary>
    /// Publishes <c>sfn-alarm</c> <c>{errorMessage}</c> for a task at once (an explicit alarm, not derived from a stored
    /// change, so it carries no deduplication id).
    /// </summary>
    public Task PublishAlarmAsync(TaskKey key, string errorMessage, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorMessage);
        TaskServiceLog.Alarm(_logger, key.Id, errorMessage);
        var notification = new Notification(NotificationActions.StepFunctionAlarm, key, TaskKeys.TenantOf(key), NotificationJson.AlarmContent(errorMessage));
        return _notifier.PublishAsync(notification, cancellationToken);
    }

    private static TrackedTask Outcome(TrackedTask parent, ProgressSummary summary, string? executionError, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(executionError))
        {
            return parent.Fail(new TaskError(ExecutionFailedErrorType, executionError), now);
        }

        var expected = parent.Input.ValueKind == JsonValueKind.Array ? parent.Input.GetArrayLength() : 0;
        var missing = expected - summary.SubTaskCount;
        if (summary.ParentOutcome is not { } outcome || missing > 0)
        {
            var running = summary.SubTasks.Where(s => !s.Status.IsTerminal()).Select(s => $"{s.Sk} ({s.Status.ToWireName()})");
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"The workflow ended while {summary.SubTaskUnfinishedCount} of {summary.SubTaskCount} subtasks had not ended and {Math.Max(missing, 0)} of {expected} were never created: {string.Join(", ", running.Take(10))}");
            return parent.Fail(new TaskError(SubTasksUnfinishedErrorType, message), now);
        }

        // FINISHED: the alarm text (TaskChangeNotifications.FinishedMessage) is derived from the summary stored with it.
        return outcome == TrackedTaskStatus.Completed ? parent.Complete(null, now) : parent.Finish(now);
    }
}
