using System.Text.Json;
using Conveyor.Core.Processing;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Processing;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Tasks;

/// <summary>
/// One attempt of a task, shared by TaskWorker (single tasks) and MapItem (subtasks): claim (PROCESSING, through
/// <see cref="TaskService.TryClaimAsync"/>) → the processor of the task's type → the outcome recorded through
/// <see cref="TaskService"/>: COMPLETED with the result; FAILED for a permanent failure, a type without a processor, or a
/// failed last attempt; ERRORED for any other failure, which the caller turns into its retry.
/// </summary>
/// <remarks>
/// Delivery is at least once, so an attempt may start on a task that ended (nothing runs again), that another runner
/// has claimed (the duplicate is dropped), or that an interrupted attempt left PROCESSING (see
/// <see cref="TaskAttempt.PreviousAttemptEnded"/>: moved to ERRORED with <see cref="InterruptedErrorType"/>, then run).
/// The outcome write after a processor failure gets its own <see cref="OutcomeBudget"/>, because the invocation's token
/// may be what ended the processor (deadline).
/// </remarks>
public sealed class TaskAttemptRunner
{
    /// <summary>How often a claim lost to another writer is retried on a fresh read.</summary>
    public const int MaxClaimAttempts = 3;

    public const string InterruptedErrorType = "AttemptInterrupted";

    /// <summary>The time the outcome of a failed attempt has to be written, whatever the invocation's token says.</summary>
    public static readonly TimeSpan OutcomeBudget = TimeSpan.FromSeconds(5);

    private static readonly TaskError Interrupted = new(InterruptedErrorType, "A previous attempt ended without recording an outcome (crash or timeout).");

    private readonly TaskService _tasks;
    private readonly TaskProcessorRegistry _processors;
    private readonly ILogger _logger;

    public TaskAttemptRunner(TaskService tasks, TaskProcessorRegistry processors, ILogger<TaskAttemptRunner> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _processors = processors ?? throw new ArgumentNullException(nameof(processors));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Claims <paramref name="task"/> (as read by the caller) and runs it once.</summary>
    /// <exception cref="TaskNotFoundException">The task disappeared while being claimed.</exception>
    public Task<TaskAttemptResult> RunAsync(TrackedTask task, TaskAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(task, attempt, claimNext: null, cancellationToken);

    /// <summary>
    /// Claims <paramref name="task"/> (as read by the caller) and runs it once. When the attempt ends the task (COMPLETED
    /// or FAILED), <paramref name="claimNext"/> is asked for the task the caller runs next (as it read it; null: none), and
    /// that task's claim is written with this one's end, in one write; the claimed row is
    /// <see cref="TaskAttemptResult.ClaimedNext"/>, to be run with <see cref="RunClaimedAsync"/>.
    /// </summary>
    /// <exception cref="TaskNotFoundException">The task disappeared while being claimed.</exception>
    public async Task<TaskAttemptResult> RunAsync(TrackedTask task, TaskAttempt attempt, Func<TrackedTask?>? claimNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var (row, claimed) = await ClaimAsync(task, attempt, cancellationToken);
        return claimed
            ? await RunClaimedCoreAsync(row, attempt, claimNext, cancellationToken)
            : new TaskAttemptResult(TaskAttemptOutcome.NotClaimed, row);
    }

    /// <summary>
    /// Runs a task this runner's own write has just claimed (<paramref name="claimed"/> is the row that write stored, as
    /// <see cref="TaskAttemptResult.ClaimedNext"/>), once; <paramref name="claimNext"/> as in
    /// <see cref="RunAsync(TrackedTask, TaskAttempt, Func{TrackedTask?}?, CancellationToken)"/>.
    /// </summary>
    public Task<TaskAttemptResult> RunClaimedAsync(TrackedTask claimed, TaskAttempt attempt, Func<TrackedTask?>? claimNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        if (claimed.Status != TrackedTaskStatus.Processing)
        {
            throw new ArgumentException($"Task {claimed.Id} is {claimed.Status.ToWireName()}, not claimed (PROCESSING).", nameof(claimed));
        }

        return RunClaimedCoreAsync(claimed, attempt, claimNext, cancellationToken);
    }

    /// <summary>The claimed row, or the last row read when there is nothing to run (ended, another runner's, not runnable).</summary>
    private async Task<(TrackedTask Row, bool Claimed)> ClaimAsync(TrackedTask task, TaskAttempt attempt, CancellationToken cancellationToken)
    {
        var current = task;
        for (var claim = 1; claim <= MaxClaimAttempts; claim++)
        {
            if (current.Status.IsTerminal())
            {
                TaskAttemptLog.AlreadyEnded(_logger, current.Id, current.Status.ToWireName());
                return (current, false);
            }

            if (current.Status == TrackedTaskStatus.Processing)
            {
                if (!attempt.PreviousAttemptEnded)
                {
                    TaskAttemptLog.DuplicateWhileProcessing(_logger, current.Id);
                    return (current, false);
                }

                TaskAttemptLog.InterruptedAttempt(_logger, current.Id, attempt.Number);
                current = await _tasks.UpdateStatusAsync(current.Key, TrackedTaskStatus.Errored, new TaskStatusDetails(Error: Interrupted), cancellationToken);
            }

            if (current.Status is TrackedTaskStatus.Started)
            {
                TaskAttemptLog.NotRunnable(_logger, current.Id, current.Status.ToWireName());
                return (current, false);
            }

            if (await _tasks.TryClaimAsync(current, cancellationToken) is { } claimed)
            {
                return (claimed, true);
            }

            TaskAttemptLog.ClaimLost(_logger, current.Id);
            current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
            if (current.Status == TrackedTaskStatus.Processing)
            {
                // Another runner claimed it between our read and our write: it runs the task, this duplicate is dropped.
                TaskAttemptLog.DuplicateWhileProcessing(_logger, current.Id);
                return (current, false);
            }
        }

        return (current, false);
    }

    private async Task<TaskAttemptResult> RunClaimedCoreAsync(TrackedTask task, TaskAttempt attempt, Func<TrackedTask?>? claimNext, CancellationToken cancellationToken)
    {
        if (!_processors.TryGet(task.Type, out var processor))
        {
            TaskAttemptLog.NoProcessor(_logger, task.Id, task.Type);
            return await EndAsync(task, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: UnknownTaskType.ErrorFor(task.Type, _processors)), claimNext, cancellationToken);
        }

        JsonElement? result;
        try
        {
            result = await processor.ProcessAsync(task, cancellationToken);
        }
        catch (PermanentTaskFailureException ex)
        {
            TaskAttemptLog.PermanentFailure(_logger, task.Id, ex.Message);
            return await EndAsync(task, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: TaskError.FromException(ex)), claimNext, cancellationToken);
        }
#pragma warning disable CA1031 // Any other processor failure is one failed attempt: recorded, then retried by the caller or given up.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            using var budget = new CancellationTokenSource(OutcomeBudget);
            var error = new TaskStatusDetails(Error: TaskError.FromException(ex));
            if (attempt.IsLast)
            {
                TaskAttemptLog.AttemptsExhausted(_logger, ex, task.Id, attempt.Number, attempt.MaxAttempts);
                return await EndAsync(task, TrackedTaskStatus.Failed, error, claimNext, budget.Token);
            }

            TaskAttemptLog.AttemptFailed(_logger, ex, task.Id, attempt.Number, attempt.MaxAttempts, ex.GetType().Name);
            var errored = await _tasks.UpdateStatusAsync(task, TrackedTaskStatus.Errored, error, budget.Token);
            return new TaskAttemptResult(TaskAttemptOutcome.Retryable, errored, ex);
        }

        var completed = await EndAsync(task, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: result), claimNext, cancellationToken);
        TaskAttemptLog.Completed(_logger, task.Id, task.Type);
        return completed;
    }

    private async Task<TaskAttemptResult> EndAsync(TrackedTask task, TrackedTaskStatus status, TaskStatusDetails details, Func<TrackedTask?>? claimNext, CancellationToken cancellationToken)
    {
        if (claimNext?.Invoke() is not { } next)
        {
            return new(TaskAttemptOutcome.Ended, await _tasks.UpdateStatusAsync(task, status, details, cancellationToken));
        }

        var (ended, claimed) = await _tasks.UpdateStatusAndClaimAsync(task, status, details, next, cancellationToken);
        return new(TaskAttemptOutcome.Ended, ended) { ClaimedNext = claimed };
    }
}
