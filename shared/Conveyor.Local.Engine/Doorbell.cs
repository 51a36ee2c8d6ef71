namespace Conveyor.Local.Engine;

/// <summary>
/// Wakes a polling loop as soon as work is written in this process; the loop still polls on a timer for work written by
/// another process (<c>conveyor tasks create</c>). Rings coalesce: many rings while the loop is busy wake it once.
/// </summary>
public sealed class Doorbell : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Ring()
    {
        if (_signal.CurrentCount > 0)
        {
            // Already rung and not yet answered: one wake-up is enough. (Checked first because a write rings after every
            // commit: letting Release throw SemaphoreFullException each time cost ~3% of the engine's CPU in a CSV import.)
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Rung by another thread between the check and the release: one wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>Waits for a ring or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _signal.Dispose();
}
