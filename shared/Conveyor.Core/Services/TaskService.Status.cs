using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Services;

/// <summary>
/// Status changes: read, apply the named transition, compare-and-set. Notifications are not published here: they follow
/// from the change feed (<see cref="Notifications.StatusNotificationPublisher"/>), so a crash after the write loses none.
/// </summary>
public sealed partial class TaskService
{
    /// <summary>
    /// Moves a task (or subtask) to <paramref name="to"/>; the stored change is what later becomes <c>task-status</c>
    /// (<c>sub-task-status</c> for subtasks). A lost race is retried on a fresh read, where legality is checked again. When
    /// the task already is in <paramref name="to"/> (a redelivery), it is returned unchanged and nothing is written.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="IllegalTransitionException">The table does not allow the move from the stored status.</exception>
    /// <exception cref="ValidationException">FAILED or ERRORED without an error.</exception>
    /// <exception cref="TaskConflictException">Still losing races after <see cref="MaxWriteAttempts"/> attempts.</exception>
    public async Task<TrackedTask> UpdateStatusAsync(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken)
    {
        if (to is TrackedTaskStatus.Failed or TrackedTaskStatus.Errored && details?.Error is null)
        {
            throw new ValidationException($"Moving task {key.Id} to {to.ToWireName()} needs an error (type and message).", nameof(details));
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await GetRequiredAsync(key, cancellationToken);
            if (current.Status == to)
            {
                TaskServiceLog.AlreadyInStatus(_logger, key.Id, to.ToWireName());
                return current;
            }

            var next = Apply(current, to, details, Now());
            try
            {
                var stored = await _store.UpdateAsync(next, TaskWriteCondition.For(current), cancellationToken);
                TaskServiceLog.StatusChanged(_logger, current, stored);
                return stored;
            }
            catch (TaskConflictException) when (attempt < MaxWriteAttempts)
            {
                TaskServiceLog.WriteConflict(_logger, key.Id, attempt);
            }
        }
    }

    /// <summary><see cref="UpdateStatusAsync"/> for a subtask key (its change becomes <c>sub-task-status</c>).</summary>
    /// <exception cref="ValidationException"><paramref name="key"/> is not a subtask key.</exception>
    public Task<TrackedTask> UpdateSubTaskStatusAsync(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken)
    {
        EnsureKind(key, TaskKind.SubTask, nameof(UpdateSubTaskStatusAsync));
        return UpdateStatusAsync(key, to, details, cancellationToken);
    }

    private static TrackedTask Apply(TrackedTask current, TrackedTaskStatus to, TaskStatusDetails? details, DateTimeOffset now) => to switch
    {
        TrackedTaskStatus.Queued => current.Queue(now),
        TrackedTaskStatus.Started => current.Start(now),
        TrackedTaskStatus.Processing => current.BeginProcessing(now),
        TrackedTaskStatus.Completed => current.Complete(details?.Result, now),
        TrackedTaskStatus.Finished => current.Finish(now) with { Result = details?.Result ?? current.Result },
        TrackedTaskStatus.Failed => current.Fail(details!.Error!, now),
        TrackedTaskStatus.Errored => current.MarkErrored(details!.Error!, now),
        _ => current.MoveTo(to, now),
    };
}
