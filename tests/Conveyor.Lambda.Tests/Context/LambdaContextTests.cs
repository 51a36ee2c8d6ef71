using Conveyor.Lambda.Client;
using Conveyor.Lambda.Context;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Lambda.Tests.Context;

public sealed class LambdaContextTests
{
    [Theory]
    [InlineData(10_000, 9_500)] // 500 ms margin is less than 10 %
    [InlineData(2_000, 1_800)]  // 10 % (200 ms) is less than 500 ms
    [InlineData(900_000, 899_500)]
    public void CancellationToken_WhenTimeAdvances_ShouldFireAtDeadlineMinusMargin(int remainingMs, int firesAtMs)
    {
        var time = new FakeTimeProvider();
        using var context = Create(time, TimeSpan.FromMilliseconds(remainingMs));

        time.Advance(TimeSpan.FromMilliseconds(firesAtMs - 1));
        Assert.False(context.CancellationToken.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(context.CancellationToken.IsCancellationRequested);
        Assert.True(context.IsDeadlineReached);
    }

    [Fact]
    public void RemainingTime_WhenClockMoves_ShouldShrinkAndNeverGoNegative()
    {
        var time = new FakeTimeProvider();
        using var context = Create(time, TimeSpan.FromSeconds(3));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), context.RemainingTime);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }

    [Fact]
    public void CancellationToken_WhenDeadlineAlreadyPassed_ShouldBeCancelledAtOnce()
    {
        var time = new FakeTimeProvider();
        using var context = Create(time, TimeSpan.FromSeconds(-1));

        Assert.True(context.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void CancellationToken_WhenHostStops_ShouldFireWithoutDeadlineFlag()
    {
        var time = new FakeTimeProvider();
        using var host = new CancellationTokenSource();
        using var context = Create(time, TimeSpan.FromMinutes(1), host.Token);

        host.Cancel();

        Assert.True(context.CancellationToken.IsCancellationRequested);
        Assert.False(context.IsDeadlineReached);
    }

    private static LambdaContext Create(FakeTimeProvider time, TimeSpan remaining, CancellationToken host = default) => new(
        new InvocationRequest { RequestId = "r", Deadline = time.GetUtcNow() + remaining, Payload = Array.Empty<byte>() },
        new LambdaFunctionInfo { FunctionName = "f" },
        time,
        TimeSpan.FromMilliseconds(500),
        0.1,
        host);
}
