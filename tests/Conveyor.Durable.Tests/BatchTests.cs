using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

public sealed class BatchTests
{
    [Fact]
    public async Task Map_WhenItemsStepAndWait_ShouldRunEachItemStepOnceAndKeepOrder()
    {
        var effects = new SideEffects();
        var runner = new DurableTestRunner<OrderInput, int[]>(async (input, ctx, ct) =>
        {
            var items = Enumerable.Range(1, 6).ToList();
            var result = await ctx.MapAsync("square", items, async (item, index, child, token) =>
            {
                var squared = await child.StepAsync("compute", (_, _) => { effects.Ran($"compute-{item}"); return Task.FromResult(item * item); }, cancellationToken: token);
                await child.WaitAsync("pause", TimeSpan.FromSeconds(item), token);
                return squared;
            }, new BatchOptions { MaxConcurrency = 2 }, ct);
            return result.Results().ToArray();
        }, BatchJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal([1, 4, 9, 16, 25, 36], execution.Result);
        Assert.Equal(6, effects.All.Count);
        Assert.All(effects.All.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Parallel_WhenMinSuccessfulIsReached_ShouldCompleteWithoutWaitingForTheRest()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var result = await ctx.ParallelAsync<string>("race", [
                (c, t) => c.StepAsync("fast", (_, _) => Task.FromResult("fast"), cancellationToken: t),
                (c, t) => c.StepAsync("quick", (_, _) => Task.FromResult("quick"), cancellationToken: t),
                async (c, t) => { await c.WaitForCallbackAsync<string>("never", (_, _, _) => Task.CompletedTask, cancellationToken: t); return "never"; },
            ], new BatchOptions { Completion = new CompletionPolicy { MinSuccessful = 2 } }, ct);
            return $"{result.Reason}:{string.Join(",", result.Results())}:{result.Items[2].Status}";
        }, BatchJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        // The third branch waits for a callback nobody answers: the parallel completes on the first two alone.
        Assert.Equal(ExecutionStatuses.Succeeded, execution.Status);
        Assert.Equal("MinSuccessfulReached:fast,quick:Incomplete", execution.Result);
    }

    [Fact]
    public async Task Map_WhenFailuresExceedTheTolerance_ShouldReportFailureToleranceExceeded()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var result = await ctx.MapAsync("check", new[] { 1, 2, 3, 4 }, (item, _, child, token) =>
                child.StepAsync("validate", (_, _) => item % 2 == 0 ? throw new FormatException($"item {item} invalid") : Task.FromResult(item), cancellationToken: token),
                new BatchOptions { MaxConcurrency = 1, Completion = new CompletionPolicy { ToleratedFailureCount = 0 } }, ct);
            try
            {
                result.ThrowIfFailureToleranceExceeded();
                return "ok";
            }
            catch (DurableOperationFailedException ex)
            {
                return $"{result.Reason}:{result.SuccessCount}/{result.FailureCount}:{ex.Message}";
            }
        }, BatchJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal("FailureToleranceExceeded:1/1:item 2 invalid", execution.Result);
    }

    [Fact]
    public async Task Map_WhenToleratedFailuresStayWithinTheLimit_ShouldCompleteAll()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var result = await ctx.MapAsync("check", new[] { 1, 2, 3, 4 }, (item, _, child, token) =>
                child.StepAsync("validate", (_, _) => item == 2 ? throw new FormatException("bad") : Task.FromResult(item), cancellationToken: token),
                new BatchOptions { Completion = new CompletionPolicy { ToleratedFailurePercentage = 25 } }, ct);
            return $"{result.Reason}:{string.Join(",", result.Results())}";
        }, BatchJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal("AllCompleted:1,3,4", execution.Result);
    }
}
