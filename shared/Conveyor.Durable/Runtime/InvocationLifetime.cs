namespace Conveyor.Durable.Runtime;

/// <summary>
/// Decides when an invocation suspends. An operation that must wait (a timer, a callback, a retry delay) asks to
/// suspend; the invocation ends (PENDING) once nothing has run for a moment, so concurrent branches first finish the
/// steps they are in and a branch whose completion lets the workflow go on is not cut off. After that no new step
/// starts: its start is never checkpointed, and the next invocation runs it.
/// </summary>
internal sealed class InvocationLifetime
{
    private static readonly TimeSpan Quiescence = TimeSpan.FromMilliseconds(2);

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private long _generation;
    private bool _suspendRequested;

    /// <summary>Completes when the invocation suspends.</summary>
    public Task Terminated => _terminated.Task;

    public bool IsTerminated => _terminated.Task.IsCompleted;

    /// <summary>Enters a unit of work; false once the invocation is suspending (the caller must then suspend too).</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_terminated.Task.IsCompleted)
            {
                return false;
            }

            _active++;
            _generation++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _active--;
            _generation++;
            ScheduleCheckLocked();
        }
    }

    /// <summary>A task that never completes: the caller's workflow path waits here until the invocation ends.</summary>
    public Task<T> Suspend<T>()
    {
        lock (_gate)
        {
            _suspendRequested = true;
            _generation++;
            ScheduleCheckLocked();
        }

        return new TaskCompletionSource<T>().Task;
    }

    private void ScheduleCheckLocked()
    {
        if (_active != 0 || !_suspendRequested || _terminated.Task.IsCompleted)
        {
            return;
        }

        var generation = _generation;
        _ = CheckAfterQuiescenceAsync(generation);
    }

    private async Task CheckAfterQuiescenceAsync(long generation)
    {
        await Task.Delay(Quiescence).ConfigureAwait(false);
        lock (_gate)
        {
            if (_active == 0 && _suspendRequested && _generation == generation)
            {
                _terminated.TrySetResult();
            }
        }
    }
}
