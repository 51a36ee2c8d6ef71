using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Tasks;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// Runs the subtasks of one ItemBatcher batch inside one MapItem invocation, each on its own: its own claim, status,
/// retries and failure record, so one bad row never fails its batch-mates. A subtask gets up to
/// <see cref="MaxAttempts"/> attempts (each at most <see cref="AttemptTimeout"/>), with full-jitter delays between them
/// (2 s, 4 s, capped at 8 s — the retry the state machine gives a single subtask); a failed last attempt ends it FAILED.
/// </summary>
/// <remarks>
/// Everything stays inside the invocation's deadline less <see cref="DeadlineReserve"/>: a subtask not ended by then is
/// left as it is and the batch fails with <see cref="SubTaskBatchIncompleteException"/>; the state machine invokes the
/// batch again (ended subtasks return their status without running) and, if that also runs out, records the rest FAILED.
/// Subtasks run one after another: the Map's MaxConcurrency already runs batches side by side.
/// </remarks>
public sealed class SubTaskBatchRunner
{
    public const int MaxAttempts = 3;

    /// <summary>The longest one attempt of one subtask may run (RunSubTask's TimeoutSeconds before batching).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Kept free at the end of the invocation to write the outcomes and answer.</summary>
    public static readonly TimeSpan DeadlineReserve = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxInvocation = TimeSpan.FromMinutes(15);

    private readonly TaskService _tasks;
    private readonly TaskAttemptRunner _attempts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SubTaskBatchRunner(TaskService tasks, TaskAttemptRunner attempts, TimeProvider time, ILogger<SubTaskBatchRunner> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _attempts = attempts ?? throw new ArgumentNullException(nameof(attempts));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Runs every subtask of <paramref name="keys"/>; returns their statuses in order.</summary>
    /// <exception cref="SubTaskBatchIncompleteException">The deadline came before every subtask ended.</exception>
    public async Task<IReadOnlyList<TrackedTaskStatus>> RunAsync(IReadOnlyList<TaskKey> keys, TimeSpan remaining, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // A Lambda invocation lasts at most 15 minutes; a context without a deadline (tests, tools) gets that.
        var deadline = _time.GetUtcNow() + (remaining > MaxInvocation ? MaxInvocation : remaining) - DeadlineReserve;
        var statuses = new TrackedTaskStatus[keys.Count];
        var unfinished = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var subTask = await _tasks.GetAsync(keys[i], cancellationToken) ?? throw new TaskNotFoundException(keys[i]);
            statuses[i] = await RunOneAsync(subTask, deadline, cancellationToken);
            if (!statuses[i].IsTerminal()) { unfinished.Add(subTask.Id); }
        }

        if (unfinished.Count > 0)
        {
            throw new SubTaskBatchIncompleteException(
                $"{unfinished.Count} of {keys.Count} subtasks had not ended when the invocation's time ran out: {string.Join(", ", unfinished.Take(10))}");
        }

        return statuses;
    }

    private async Task<TrackedTaskStatus> RunOneAsync(TrackedTask subTask, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var current = subTask;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var left = deadline - _time.GetUtcNow();
            if (current.Status.IsTerminal() || left < MinimumAttempt)
            {
                return current.Status;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(left < AttemptTimeout ? left : AttemptTimeout);
            try
            {
                current = (await _attempts.RunAsync(current, new TaskAttempt(attempt, MaxAttempts, PreviousAttemptEnded: true), limit.Token)).Task;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The attempt's time ran out outside the handler (the runner records a handler's own timeout as ERRORED).
                current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (current.Status.IsTerminal() || attempt == MaxAttempts)
            {
                return current.Status;
            }

            // Retryable (ERRORED), or a claim lost to a writer that kept changing the row: wait, read again, retry.
            var delay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Min(2 * Math.Pow(2, attempt - 1), 8));
            if (deadline - _time.GetUtcNow() - delay < MinimumAttempt)
            {
                return current.Status;
            }

            MapItemLog.RetryingInBatch(_logger, current.Id, attempt, MaxAttempts, delay);
            await Task.Delay(delay, _time, cancellationToken);
            current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
        }

        return current.Status;
    }
}
