using Conveyor.Local.Scheduling;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The local EventBridge Scheduler's clock: once a second <see cref="LocalScheduler"/> writes each due firing to the
/// schedule queue, and <see cref="ScheduleLoop"/> is woken to deliver it.
/// </summary>
public sealed class ScheduleTimerLoop(LocalScheduler scheduler, EngineSignals signals, ILogger<ScheduleTimerLoop> logger)
    : PollingLoop("scheduler", logger)
{
    private static readonly TimeSpan TimerInterval = TimeSpan.FromSeconds(1);

    protected override TimeSpan ErrorDelay => TimerInterval;

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var fired = await scheduler.FireDueAsync(stop.Intake).ConfigureAwait(false);
        foreach (var firing in fired)
        {
            LoopLog.ScheduleFired(logger, firing.Name, firing.ScheduledTime);
        }

        if (fired.Count > 0)
        {
            signals.ScheduleEvents.Ring();
        }

        await Task.Delay(TimerInterval, stop.Intake).ConfigureAwait(false);
    }
}
