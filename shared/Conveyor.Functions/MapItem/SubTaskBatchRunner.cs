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
/// Subtasks run one after another: the Map's MaxConcurrency already runs batches side by side. The batch's rows are read
/// in one read, and when a subtask ends, the next one's claim is written with that end (one write per subtask instead of
/// two): the next row is claimed only if it may be claimed straight away (CREATED, QUEUED, ERRORED) and the invocation
/// still has time to run it, so a subtask is PROCESSING only while it is about to run or running, as before.
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
        var rows = await _tasks.GetEachAsync(keys, cancellationToken);
        TrackedTask? claimed = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var subTask = rows[i] ?? throw new TaskNotFoundException(keys[i]);
            var next = i + 1 < rows.Count ? rows[i + 1] : null;
            TrackedTask? ClaimNext() =>
                next is { Status: TrackedTaskStatus.Created or TrackedTaskStatus.Queued or TrackedTaskStatus.Errored } && deadline - _time.GetUtcNow() >= MinimumAttempt ? next : null;
            (statuses[i], claimed) = await RunOneAsync(subTask, claimed, ClaimNext, deadline, cancellationToken);
            if (!statuses[i].IsTerminal()) { unfinished.Add(subTask.Id); }
        }

        if (unfinished.Count > 0)
        {
            throw new SubTaskBatchIncompleteException(
                $"{unfinished.Count} of {keys.Count} subtasks had not ended when the invocation's time ran out: {string.Join(", ", unfinished.Take(10))}");
        }

        return statuses;
    }

    /// <summary>Runs one subtask to its end (or its last attempt); <paramref name="claimed"/> is its row when the previous subtask's end claimed it.</summary>
    /// <returns>Its status, and the next subtask as claimed by its end write (null if none).</returns>
    private async Task<(TrackedTaskStatus Status, TrackedTask? ClaimedNext)> RunOneAsync(
        TrackedTask subTask, TrackedTask? claimed, Func<TrackedTask?> claimNext, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var current = claimed ?? subTask;
        TrackedTask? claimedNext = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var left = deadline - _time.GetUtcNow();
            if (current.Status.IsTerminal() || left < MinimumAttempt)
            {
                return (current.Status, null);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(left < AttemptTimeout ? left : AttemptTimeout);
            try
            {
                var tried = new TaskAttempt(attempt, MaxAttempts, PreviousAttemptEnded: true);
                var result = attempt == 1 && claimed is not null
                    ? await _attempts.RunClaimedAsync(claimed, tried, claimNext, limit.Token)
                    : await _attempts.RunAsync(current, tried, claimNext, limit.Token);
                current = result.Task;
                claimedNext = result.ClaimedNext;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The attempt's time ran out outside the handler (the runner records a handler's own timeout as ERRORED).
                current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (current.Status.IsTerminal() || attempt == MaxAttempts)
            {
                return (current.Status, claimedNext);
            }

            // Retryable (ERRORED), or a claim lost to a writer that kept changing the row: wait, read again, retry.
            var delay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Min(2 * Math.Pow(2, attempt - 1), 8));
            if (deadline - _time.GetUtcNow() - delay < MinimumAttempt)
            {
                return (current.Status, null);
            }

            MapItemLog.RetryingInBatch(_logger, current.Id, attempt, MaxAttempts, delay);
            await Task.Delay(delay, _time, cancellationToken);
            current = await _tasks.GetAsync(current.Key, cancellationToken) ?? throw new TaskNotFoundException(current.Key);
        }

        return (current.Status, claimedNext);
    }
}
