using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Services;

/// <summary>
/// Status changes: read, apply the named transition, compare-and-set (<see cref="RetryOnConflictAsync"/>), and the
/// claim (<see cref="TryClaimAsync"/>). Notifications are not published here: they follow from the change feed
/// (<see cref="Notifications.StatusNotificationPublisher"/>), so a crash after the write loses none.
/// </summary>
public sealed partial class TaskService
{
    public const string ResultTooLargeErrorType = "ResultTooLarge";

    /// <summary>
    /// Moves a task (or subtask) to <paramref name="to"/>; the stored change is what later becomes <c>task-status</c>
    /// (<c>sub-task-status</c> for subtasks). A lost race is retried on a fresh read, where legality is checked again. When
    /// the task already is in <paramref name="to"/> (a redelivery), it is returned unchanged and nothing is written.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="IllegalTransitionException">The table does not allow the move from the stored status.</exception>
    /// <exception cref="ValidationException">FAILED or ERRORED without an error.</exception>
    /// <remarks>A result over <see cref="PayloadLimits.MaxResultBytes"/> makes the move FAILED with error type <see cref="ResultTooLargeErrorType"/>.</remarks>
    /// <exception cref="TaskConflictException">Still losing races after <see cref="MaxWriteAttempts"/> attempts.</exception>
    public async Task<TrackedTask> UpdateStatusAsync(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken)
    {
        (to, details) = Checked(key, to, details);
        return await MoveOnFreshReadAsync(key, to, details, cancellationToken);
    }

    /// <summary>
    /// <see cref="UpdateStatusAsync(TaskKey, TrackedTaskStatus, TaskStatusDetails?, CancellationToken)"/> from a row the
    /// caller holds (the one its claim stored): written on condition of exactly that row, without reading it again. When
    /// another writer changed the row since, the move is made as the key overload makes it, on a fresh read.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="IllegalTransitionException">The table does not allow the move from the stored status.</exception>
    /// <exception cref="ValidationException">FAILED or ERRORED without an error.</exception>
    /// <exception cref="TaskConflictException">Still losing races after <see cref="MaxWriteAttempts"/> attempts.</exception>
    public async Task<TrackedTask> UpdateStatusAsync(TrackedTask observed, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        (to, details) = Checked(observed.Key, to, details);
        if (observed.Status != to)
        {
            try
            {
                var stored = await _store.UpdateAsync(Apply(observed, to, details, Now()), TaskWriteCondition.For(observed), cancellationToken);
                TaskServiceLog.StatusChanged(_logger, observed, stored);
                return stored;
            }
            catch (TaskConflictException)
            {
                TaskServiceLog.WriteConflict(_logger, observed.Id, 0);
            }
        }

        return await MoveOnFreshReadAsync(observed.Key, to, details, cancellationToken);
    }

    /// <summary>
    /// <see cref="UpdateStatusAsync(TrackedTask, TrackedTaskStatus, TaskStatusDetails?, CancellationToken)"/>, and in the
    /// same store write the claim of <paramref name="next"/> (PROCESSING on condition of exactly that row, as
    /// <see cref="TryClaimAsync"/> makes it): a runner that goes on to <paramref name="next"/> right away records one
    /// row's end and its next row's start in one write. The two conditions are independent: the claim may be lost (null)
    /// while the end is written, and an end that lost its race is made on a fresh read.
    /// </summary>
    /// <exception cref="IllegalTransitionException">The move, or <paramref name="next"/>'s claim, is not allowed from the status given.</exception>
    /// <exception cref="ValidationException">FAILED or ERRORED without an error.</exception>
    /// <exception cref="TaskConflictException">The end still loses races after <see cref="MaxWriteAttempts"/> attempts.</exception>
    public async Task<(TrackedTask Ended, TrackedTask? Claimed)> UpdateStatusAndClaimAsync(
        TrackedTask observed, TrackedTaskStatus to, TaskStatusDetails? details, TrackedTask next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(next);
        (to, details) = Checked(observed.Key, to, details);
        if (observed.Status == to)
        {
            return (await MoveOnFreshReadAsync(observed.Key, to, details, cancellationToken), await TryClaimAsync(next, cancellationToken));
        }

        var now = Now();
        var stored = await _store.TryUpdateEachAsync(
            [new TaskUpdate(Apply(observed, to, details, now), TaskWriteCondition.For(observed)), new TaskUpdate(next.BeginProcessing(now), TaskWriteCondition.For(next))],
            cancellationToken);
        if (stored[1] is { } claimed)
        {
            TaskServiceLog.StatusChanged(_logger, next, claimed);
        }

        if (stored[0] is { } ended)
        {
            TaskServiceLog.StatusChanged(_logger, observed, ended);
            return (ended, stored[1]);
        }

        TaskServiceLog.WriteConflict(_logger, observed.Id, 0);
        return (await MoveOnFreshReadAsync(observed.Key, to, details, cancellationToken), stored[1]);
    }

    /// <summary>
    /// Moves each of <paramref name="observed"/> (rows as the caller read them) to QUEUED on condition of exactly that
    /// row, all in one store write where the store can; null for a row another writer changed since (nothing written for
    /// it: the caller moves it on a fresh read). The conditions are independent: one lost race does not stop the others.
    /// </summary>
    /// <exception cref="IllegalTransitionException">A row's status may not move to QUEUED.</exception>
    public async Task<IReadOnlyList<TrackedTask?>> QueueEachAsync(IReadOnlyList<TrackedTask> observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var now = Now();
        var updates = observed.Select(t => new TaskUpdate(Apply(t, TrackedTaskStatus.Queued, null, now), TaskWriteCondition.For(t))).ToList();
        var stored = await _store.TryUpdateEachAsync(updates, cancellationToken);
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i] is { } queued)
            {
                TaskServiceLog.StatusChanged(_logger, observed[i], queued);
            }
            else
            {
                TaskServiceLog.WriteConflict(_logger, observed[i].Id, 0);
            }
        }

        return stored;
    }

    /// <summary>The rows of <paramref name="keys"/>, in order, null for a missing one: one read where the store can.</summary>
    public Task<IReadOnlyList<TrackedTask?>> GetEachAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken) =>
        _store.GetEachAsync(keys, cancellationToken);

    /// <summary>The error a FAILED or ERRORED move needs, and a result too large to store turned into FAILED.</summary>
    private static (TrackedTaskStatus To, TaskStatusDetails? Details) Checked(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details)
    {
        if (to is TrackedTaskStatus.Failed or TrackedTaskStatus.Errored && details?.Error is null)
        {
            throw new ValidationException($"Moving task {key.Id} to {to.ToWireName()} needs an error (type and message).", nameof(details));
        }

        if (to is TrackedTaskStatus.Completed or TrackedTaskStatus.Finished && details?.Result is { } result
            && PayloadLimits.SizeOf(result) is var size and > PayloadLimits.MaxResultBytes)
        {
            // The same on AWS and locally: a result that cannot be stored inline fails the task, with the way out in the message.
            return (TrackedTaskStatus.Failed, new TaskStatusDetails(Error: new TaskError(
                ResultTooLargeErrorType,
                $"The task's result is {size:N0} bytes; at most {PayloadLimits.MaxResultBytes:N0} are stored. Write large results to a bucket and return the key.")));
        }

        return (to, details);
    }

    private Task<TrackedTask> MoveOnFreshReadAsync(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken) =>
        RetryOnConflictAsync(
            key,
            async ct =>
            {
                var current = await GetRequiredAsync(key, ct);
                if (current.Status == to)
                {
                    TaskServiceLog.AlreadyInStatus(_logger, key.Id, to.ToWireName());
                    return current;
                }

                var stored = await _store.UpdateAsync(Apply(current, to, details, Now()), TaskWriteCondition.For(current), ct);
                TaskServiceLog.StatusChanged(_logger, current, stored);
                return stored;
            },
            cancellationToken);

    /// <summary>
    /// Claims a task for one runner: PROCESSING written on condition of exactly the row that runner read; null when
    /// another writer changed the row first (the caller lost the claim).
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="UpdateStatusAsync"/>, which treats "already PROCESSING" as a harmless redelivery, a claim must
    /// tell the loser it lost, so it is a single compare-and-set on the observed version with no retry: exactly one of
    /// several concurrent claimers gets a row back. Like every status write, the claim is notified from the change feed.
    /// </remarks>
    /// <exception cref="IllegalTransitionException"><paramref name="observed"/>'s status may not move to PROCESSING.</exception>
    public async Task<TrackedTask?> TryClaimAsync(TrackedTask observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        try
        {
            var stored = await _store.UpdateAsync(observed.BeginProcessing(Now()), TaskWriteCondition.For(observed), cancellationToken);
            TaskServiceLog.StatusChanged(_logger, observed, stored);
            return stored;
        }
        catch (TaskConflictException)
        {
            return null;
        }
    }

    /// <summary><see cref="UpdateStatusAsync"/> for a subtask key (its change becomes <c>sub-task-status</c>).</summary>
    /// <exception cref="ValidationException"><paramref name="key"/> is not a subtask key.</exception>
    public Task<TrackedTask> UpdateSubTaskStatusAsync(TaskKey key, TrackedTaskStatus to, TaskStatusDetails? details, CancellationToken cancellationToken)
    {
        EnsureKind(key, TaskKind.SubTask, nameof(UpdateSubTaskStatusAsync));
        return UpdateStatusAsync(key, to, details, cancellationToken);
    }

    /// <summary>
    /// Runs one read → decide → compare-and-set step, again on a fresh read each time its write loses a race, at most
    /// <see cref="MaxWriteAttempts"/> times. The step re-reads the row itself, so legality is checked again on every try.
    /// </summary>
    /// <exception cref="TaskConflictException">The last attempt lost its race too.</exception>
    private async Task<TrackedTask> RetryOnConflictAsync(TaskKey key, Func<CancellationToken, Task<TrackedTask>> step, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step(cancellationToken);
            }
            catch (TaskConflictException) when (attempt < MaxWriteAttempts)
            {
                TaskServiceLog.WriteConflict(_logger, key.Id, attempt);
            }
        }
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
