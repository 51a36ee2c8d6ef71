namespace Conveyor.Local.Durable;

/// <summary>
/// Invokes due durable executions, keeping up to a number of invocations in flight: it claims as many as there are free
/// slots (<see cref="SqliteDurableExecutions.ClaimDueAsync"/>) whenever at least half of them are free, so invocations
/// that end early are replaced while the others go on, instead of a claimed batch waiting for its slowest one.
/// </summary>
/// <remarks>
/// An invocation mostly waits for its checkpoints to be written, and checkpoints that wait together are written in one
/// transaction (<see cref="DurableWriteQueue"/>): the more invocations are in flight, the fewer transactions a step
/// costs: on a 2-core machine <c>bench/Conveyor.Durable.Bench</c> (3,000 workflows of 3 steps) measured 0.22–0.25 write
/// transactions per checkpointed step with 16 invocations in flight, 0.16–0.18 with 32 and 0.11–0.12 with 64 (a loop that
/// claimed a batch and waited for all of it: 0.63 with 4 in flight, 0.33–0.37 with 8). Claims go through the same write
/// queue as the checkpoints, so a claim shares their transaction.
/// </remarks>
public sealed class DurableInvocationPump
{
    /// <summary>The default number of invocations in flight (<c>conveyor up --durable-invocations</c>).</summary>
    public const int DefaultConcurrency = 64;

    private readonly SqliteDurableExecutions _executions;
    private readonly int _concurrency;
    private readonly Func<DurableInvocationClaim, CancellationToken, Task> _invoke;

    /// <param name="executions">Where due executions are claimed.</param>
    /// <param name="concurrency">At most this many invocations in flight (at least 1).</param>
    /// <param name="invoke">Invokes one claimed execution and applies its answer (or releases its lease when it failed).</param>
    public DurableInvocationPump(SqliteDurableExecutions executions, int concurrency, Func<DurableInvocationClaim, CancellationToken, Task> invoke)
    {
        ArgumentNullException.ThrowIfNull(executions);
        ArgumentNullException.ThrowIfNull(invoke);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _executions = executions;
        _concurrency = concurrency;
        _invoke = invoke;
    }

    /// <summary>
    /// Claims and invokes due executions until <paramref name="limit"/> invocations have started or a claim finds fewer
    /// due than it asked for, then waits for every invocation it started to end (also when a claim failed or
    /// <paramref name="claimCancellation"/> fired). Returns how many invocations it started and how many claims it made.
    /// </summary>
    /// <param name="limit">At most this many invocations in this round (the caller does its other work between rounds).</param>
    /// <param name="claimCancellation">Stops claiming (invocations in flight go on).</param>
    /// <param name="invocationCancellation">Given to each invocation.</param>
    /// <exception cref="AggregateException">An invocation threw (after all of them ended).</exception>
    public async Task<(int Invocations, int Claims)> RunAsync(int limit, CancellationToken claimCancellation, CancellationToken invocationCancellation)
    {
        var round = new Round(_concurrency);
        var started = 0;
        var claims = 0;
        try
        {
            while (started < limit)
            {
                var wanted = Math.Min(await round.WaitForRoomAsync(claimCancellation).ConfigureAwait(false), limit - started);
                var claimed = await _executions.ClaimDueAsync(wanted, claimCancellation).ConfigureAwait(false);
                claims++;
                foreach (var claim in claimed)
                {
                    // On the thread pool: an invocation replays its workflow before its first wait, the others need not wait for it.
                    round.Track(Task.Run(() => _invoke(claim, invocationCancellation), CancellationToken.None));
                    started++;
                }

                if (claimed.Count < wanted)
                {
                    break;
                }
            }
        }
        finally
        {
            await round.WaitForAllAsync().ConfigureAwait(false);
        }

        round.ThrowIfFailed();
        return (started, claims);
    }

    /// <summary>The invocations one <see cref="RunAsync"/> started: how many are in flight, and who waits for fewer.</summary>
    private sealed class Round(int concurrency)
    {
        private readonly Lock _gate = new();
        private readonly List<Exception> _failures = [];
        private int _running;
        private int _waitFor = -1;
        private TaskCompletionSource? _waiter;

        /// <summary>Waits until at most half the slots are taken; returns how many are free.</summary>
        public Task<int> WaitForRoomAsync(CancellationToken cancellationToken) => WaitForAsync(concurrency / 2, cancellationToken);

        public async Task WaitForAllAsync() => await WaitForAsync(0, CancellationToken.None).ConfigureAwait(false);

        public void Track(Task invocation)
        {
            lock (_gate)
            {
                _running++;
            }

            _ = ObserveAsync(invocation);
        }

        public void ThrowIfFailed()
        {
            lock (_gate)
            {
                if (_failures.Count > 0)
                {
                    throw new AggregateException("Durable invocations failed.", _failures);
                }
            }
        }

        private async Task<int> WaitForAsync(int most, CancellationToken cancellationToken)
        {
            Task wait;
            lock (_gate)
            {
                if (_running <= most)
                {
                    return concurrency - _running;
                }

                _waitFor = most;
                _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                return concurrency - _running;
            }
        }

        private async Task ObserveAsync(Task invocation)
        {
            try
            {
                await invocation.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Kept and thrown by ThrowIfFailed once every invocation of the round ended.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _failures.Add(ex);
                }
            }

            TaskCompletionSource? wake = null;
            lock (_gate)
            {
                _running--;
                if (_waiter is not null && _running <= _waitFor)
                {
                    wake = _waiter;
                    _waiter = null;
                }
            }

            wake?.TrySetResult();
        }
    }
}
