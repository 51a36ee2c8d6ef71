using Conveyor.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The base of every engine loop: poll until intake stops; a failure of one poll is logged and the loop polls again
/// after <see cref="ErrorDelay"/>, so no single failure ends it. Loops are registered through DI
/// (<see cref="EngineServices.AddEngineLoop{TLoop}"/>) and the engine runs every registered one.
/// </summary>
public abstract class PollingLoop
{
    private readonly ILogger _logger;

    protected PollingLoop(string name, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>What the loop is called in logs ("task queue", "change feed", …).</summary>
    public string Name { get; }

    /// <summary>The trigger whose functions this loop invokes (plays locally what AWS's event source does); null when none.</summary>
    public virtual FunctionTrigger? Trigger => null;

    /// <summary>How long the loop waits after an unexpected failure before polling again.</summary>
    protected abstract TimeSpan ErrorDelay { get; }

    /// <summary>
    /// Runs <see cref="PrepareAsync"/> once, then polls until <see cref="StopTokens.Intake"/> fires; one poller unless a
    /// loop overrides it. A stop that lands while the loop prepares ends it quietly, as one that lands while it polls.
    /// </summary>
    public virtual async Task RunAsync(StopTokens stop)
    {
        try
        {
            await PrepareAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.Intake.IsCancellationRequested)
        {
            return;
        }

        await PollAsync(stop).ConfigureAwait(false);
    }

    /// <summary>What a loop does once before its first poll (e.g. take back work a killed process held).</summary>
    protected virtual Task PrepareAsync(StopTokens stop) => Task.CompletedTask;

    /// <summary>One poll: take what is available and handle it, or wait for the loop's doorbell or interval.</summary>
    protected abstract Task PollOnceAsync(StopTokens stop);

    /// <summary>Calls <see cref="PollOnceAsync"/> until intake stops.</summary>
    protected async Task PollAsync(StopTokens stop)
    {
        while (!stop.Intake.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.Intake.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any single failure; it logs and polls again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LoopLog.Unexpected(_logger, ex, Name, ex.GetType().Name);
                await Task.Delay(ErrorDelay, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
