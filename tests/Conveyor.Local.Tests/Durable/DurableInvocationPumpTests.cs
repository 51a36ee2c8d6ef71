using System.Collections.Concurrent;
using System.Globalization;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;
using Conveyor.Local.Durable;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Durable;

/// <summary>The engine's durable invoker on a real SQLite file: how many invocations it keeps in flight, what one round takes.</summary>
public sealed class DurableInvocationPumpTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private readonly DurableTestClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private SqliteDurableExecutions _executions = null!;

    public async Task InitializeAsync() => _executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task RunAsync_WhenMoreAreDueThanMayRun_ShouldKeepAtMostTheConcurrencyInFlightAndRefillAsTheyEnd()
    {
        await StartAsync(10);
        var inFlight = 0;
        var most = 0;
        var invoked = new ConcurrentBag<string>();
        var release = new SemaphoreSlim(0);
        var pump = new DurableInvocationPump(_executions, 4, async (claim, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            invoked.Add(claim.Arn);
            await release.WaitAsync(ct);
            Interlocked.Decrement(ref inFlight);
            await _executions.CompleteInvocationAsync(claim.Arn, Succeeded(), ct);
        });

        var run = pump.RunAsync(int.MaxValue, CancellationToken.None, CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref inFlight) == 4);
        Assert.False(run.IsCompleted);

        // One ends: three are still in flight, more than half, so nothing more is claimed yet.
        release.Release();
        await WaitUntilAsync(() => Volatile.Read(ref inFlight) == 3);
        await Task.Delay(50);
        Assert.Equal(4, invoked.Count);

        // A second ends: half the slots are free, two more are claimed at once.
        release.Release();
        await WaitUntilAsync(() => invoked.Count == 6);
        release.Release(6);
        await WaitUntilAsync(() => invoked.Count == 10);
        release.Release(10);
        var (invocations, claims) = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, invocations);
        Assert.Equal(10, invoked.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4, most);
        Assert.InRange(claims, 4, 10);
        Assert.Equal(new Dictionary<string, int> { [ExecutionStatuses.Succeeded] = 10 }, await _executions.CountByStatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_WhenTheRoundHasALimit_ShouldStartNoMoreThanItAndLeaveTheRestDue()
    {
        await StartAsync(5);
        var pump = new DurableInvocationPump(_executions, 8, (claim, ct) => _executions.CompleteInvocationAsync(claim.Arn, Succeeded(), ct));

        var (first, _) = await pump.RunAsync(3, CancellationToken.None, CancellationToken.None);
        var (second, _) = await pump.RunAsync(3, CancellationToken.None, CancellationToken.None);
        var (third, _) = await pump.RunAsync(3, CancellationToken.None, CancellationToken.None);

        Assert.Equal((3, 2, 0), (first, second, third));
    }

    [Fact]
    public async Task RunAsync_WhenAnInvocationThrows_ShouldLetTheOthersEndThenThrowIt()
    {
        await StartAsync(3);
        var ended = 0;
        var pump = new DurableInvocationPump(_executions, 3, async (claim, ct) =>
        {
            if (claim.Arn.Contains("wf-1/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("invocation failed");
            }

            await Task.Delay(100, ct);
            await _executions.CompleteInvocationAsync(claim.Arn, Succeeded(), ct);
            Interlocked.Increment(ref ended);
        });

        var error = await Assert.ThrowsAsync<AggregateException>(() => pump.RunAsync(int.MaxValue, CancellationToken.None, CancellationToken.None));

        Assert.Equal("invocation failed", Assert.Single(error.InnerExceptions).Message);
        Assert.Equal(2, ended);
    }

    [Fact]
    public async Task RunAsync_WhenClaimingIsCancelled_ShouldStillWaitForTheInvocationsInFlight()
    {
        await StartAsync(4);
        using var stop = new CancellationTokenSource();
        var ended = 0;
        var pump = new DurableInvocationPump(_executions, 2, async (claim, ct) =>
        {
            await stop.CancelAsync();
            await Task.Delay(100, ct);
            await _executions.CompleteInvocationAsync(claim.Arn, Succeeded(), ct);
            Interlocked.Increment(ref ended);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump.RunAsync(int.MaxValue, stop.Token, CancellationToken.None));

        Assert.Equal(2, ended);
        Assert.Equal(2, (await _executions.CountByStatusAsync(CancellationToken.None)).GetValueOrDefault(ExecutionStatuses.Succeeded));
    }

    private static DurableInvocationOutput Succeeded() => new() { Status = InvocationStatuses.Succeeded, Result = "1" };

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 10 s.");
            await Task.Delay(5);
        }
    }

    private async Task StartAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _executions.StartExecutionAsync("Chain", "wf-" + i.ToString(CultureInfo.InvariantCulture), "1", null, null, CancellationToken.None);
        }
    }
}
