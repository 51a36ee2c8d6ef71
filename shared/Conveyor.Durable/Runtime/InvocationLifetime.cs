namespace Conveyor.Durable.Runtime;

/// <summary>
/// Decides when an invocation suspends, exactly: it counts the workflow's running paths (the root workflow and each
/// running parallel/map item). A path that must wait for the outside world (a timer, a callback, a retry delay, an
/// invoked function) suspends and stops counting; a path waiting for its items stops counting until they complete it.
/// When no path is running the invocation ends PENDING — never while a branch could still make progress, so nothing
/// is left waiting for an event that already happened. After that no new step starts: its start is never
/// checkpointed, and the next invocation runs it.
/// </summary>
internal sealed class InvocationLifetime
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = 1;

    /// <summary>Completes when the invocation suspends.</summary>
    public Task Terminated => _terminated.Task;

    public bool IsTerminated => _terminated.Task.IsCompleted;

    /// <summary>False once the invocation is suspending: the caller must not start new work (it suspends instead).</summary>
    public bool CanStart() => !_terminated.Task.IsCompleted;

    /// <summary>A new path (a parallel/map item) is about to run.</summary>
    public void PathStarted()
    {
        lock (_gate)
        {
            _running++;
        }
    }

    /// <summary>A path finished (an item returned or threw), or blocked waiting for other paths.</summary>
    public void PathEnded()
    {
        lock (_gate)
        {
            _running--;
            if (_running == 0)
            {
                _terminated.TrySetResult();
            }
        }
    }

    /// <summary>The current path waits for the outside world: a task that never completes; the invocation ends once no path runs.</summary>
    public Task<T> Suspend<T>()
    {
        PathEnded();
        return new TaskCompletionSource<T>().Task;
    }
}
