using Conveyor.Local.Engine.Loops;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Local.Engine.Tests;

public sealed class PollingLoopTests
{
    [Fact]
    public async Task RunAsync_WhenIntakeStopsWhilePreparing_ShouldEndQuietlyWithoutPolling()
    {
        using var intake = new CancellationTokenSource();
        var loop = new PreparingLoop();
        var run = loop.RunAsync(new StopTokens(intake.Token, CancellationToken.None));
        await loop.Preparing.Task;

        await intake.CancelAsync();

        await run;
        Assert.Equal(0, loop.Polls);
    }

    [Fact]
    public async Task RunAsync_WhenPreparedAndIntakeStops_ShouldHavePolledAndEnd()
    {
        using var intake = new CancellationTokenSource();
        var loop = new PreparingLoop { PrepareInstantly = true };
        var run = loop.RunAsync(new StopTokens(intake.Token, CancellationToken.None));
        await loop.Polled.Task;

        await intake.CancelAsync();

        await run;
        Assert.True(loop.Polls >= 1);
    }

    private sealed class PreparingLoop() : PollingLoop("test", NullLogger.Instance)
    {
        public TaskCompletionSource Preparing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Polled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool PrepareInstantly { get; init; }

        public int Polls { get; private set; }

        protected override TimeSpan ErrorDelay => TimeSpan.FromMilliseconds(10);

        protected override async Task PrepareAsync(StopTokens stop)
        {
            Preparing.TrySetResult();
            if (!PrepareInstantly)
            {
                await Task.Delay(Timeout.Infinite, stop.Intake);
            }
        }

        protected override async Task PollOnceAsync(StopTokens stop)
        {
            Polls++;
            Polled.TrySetResult();
            await Task.Delay(10, stop.Intake);
        }
    }
}
