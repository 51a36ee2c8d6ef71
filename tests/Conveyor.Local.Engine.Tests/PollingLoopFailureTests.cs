using Conveyor.Local.Engine.Loops;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The poll/catch/back-off every engine loop inherits: no single failure ends a loop; only a stop of intake does.</summary>
public sealed class PollingLoopFailureTests
{
    [Fact]
    public async Task RunAsync_WhenPollsThrow_ShouldKeepPollingUntilOneSucceeds()
    {
        using var intake = new CancellationTokenSource();
        var loop = new ScriptedLoop(
            _ => throw new InvalidOperationException("store unavailable"),
            _ => throw new IOException("disk busy"),
            _ => Task.CompletedTask);
        var run = loop.RunAsync(new StopTokens(intake.Token, CancellationToken.None));

        await loop.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await intake.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(loop.Polls >= 3);
    }

    [Fact]
    public async Task RunAsync_WhenAPollIsCancelledByItsOwnTimeout_ShouldNotEndTheLoop()
    {
        using var intake = new CancellationTokenSource();
        var loop = new ScriptedLoop(
            _ => throw new OperationCanceledException("a handler's own deadline"),
            _ => Task.CompletedTask);
        var run = loop.RunAsync(new StopTokens(intake.Token, CancellationToken.None));

        await loop.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        await intake.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_WhenIntakeStopsDuringAPoll_ShouldEndWithoutAnError()
    {
        using var intake = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new ScriptedLoop(async stop =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop.Intake);
        });
        var run = loop.RunAsync(new StopTokens(intake.Token, CancellationToken.None));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await intake.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, loop.Polls);
    }

    [Theory]
    [InlineData(0, 250)]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(4, 2_000)]
    [InlineData(7, 10_000)]
    [InlineData(100, 10_000)]
    public void For_WhenDeliveriesGrow_ShouldDoubleTheDelayUpToTenSeconds(int delivery, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.For(delivery));
    }

    /// <summary>Polls by script: the n-th poll runs the n-th step (the last one repeats).</summary>
    private sealed class ScriptedLoop(params Func<StopTokens, Task>[] steps) : PollingLoop("scripted", NullLogger.Instance)
    {
        public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Polls { get; private set; }

        protected override TimeSpan ErrorDelay => TimeSpan.FromMilliseconds(5);

        protected override async Task PollOnceAsync(StopTokens stop)
        {
            var step = steps[Math.Min(Polls, steps.Length - 1)];
            Polls++;
            await step(stop);
            Succeeded.TrySetResult();
            await Task.Delay(5, stop.Intake);
        }
    }
}
