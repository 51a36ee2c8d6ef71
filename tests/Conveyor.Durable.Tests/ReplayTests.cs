using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

public sealed class ReplayTests
{
    [Fact]
    public async Task Workflow_WhenRunThroughSuspensions_ShouldRunEachStepBodyExactlyOnce()
    {
        var effects = new SideEffects();
        var runner = new DurableTestRunner<OrderInput, Receipt>(async (input, ctx, ct) =>
        {
            var reserved = await ctx.StepAsync("reserve", (_, _) => { effects.Ran("reserve"); return Task.FromResult(input.Items * 10); }, cancellationToken: ct);
            await ctx.WaitAsync("cool-off", TimeSpan.FromMinutes(5), ct);
            var charged = await ctx.StepAsync("charge", (_, _) => { effects.Ran("charge"); return Task.FromResult(reserved + 1); }, cancellationToken: ct);
            var approval = await ctx.WaitForCallbackAsync<string>("approve", (id, _, _) => { effects.Ran("notify"); return Task.CompletedTask; }, cancellationToken: ct);
            await ctx.WaitAsync("settle", TimeSpan.FromHours(1), ct);
            var shipped = await ctx.StepAsync("ship", (_, _) => { effects.Ran("ship"); return Task.FromResult(approval); }, cancellationToken: ct);
            return new Receipt(input.OrderId, shipped, charged);
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o-1", 3));
        Assert.Equal(ExecutionStatuses.Running, execution.Status);
        await runner.CompleteCallbackAsync(execution, "approve.callback", "approved");

        Assert.Equal(ExecutionStatuses.Succeeded, execution.Status);
        Assert.Equal(new Receipt("o-1", "approved", 31), execution.Result);
        Assert.True(execution.Invocations >= 4, $"expected suspensions, got {execution.Invocations} invocations");
        Assert.All(new[] { "reserve", "charge", "notify", "ship" }, name => Assert.Equal(1, effects[name]));
        Assert.True(runner.Clock.GetUtcNow() >= new DateTimeOffset(2026, 1, 1, 1, 5, 0, TimeSpan.Zero), "time was skipped past both waits");
    }

    [Fact]
    public async Task Workflow_WhenOperationOrderChangesBetweenInvocations_ShouldFailAsNonDeterministic()
    {
        var invocation = 0;
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var first = Interlocked.Increment(ref invocation) == 1;
            if (first)
            {
                await ctx.StepAsync("a", (_, _) => Task.FromResult(1), cancellationToken: ct);
            }
            else
            {
                await ctx.StepAsync("b", (_, _) => Task.FromResult(2), cancellationToken: ct);
            }

            await ctx.WaitAsync("w", TimeSpan.FromSeconds(10), ct);
            return "done";
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Failed, execution.Status);
        Assert.Equal(typeof(NonDeterministicWorkflowException).FullName, execution.Error?.ErrorType);
        Assert.Contains("'a'", execution.Error?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'b'", execution.Error?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_WhenOperationTypeChangesAtSamePosition_ShouldFailAsNonDeterministic()
    {
        var invocation = 0;
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            if (Interlocked.Increment(ref invocation) == 1)
            {
                await ctx.WaitAsync("x", TimeSpan.FromSeconds(10), ct);
            }
            else
            {
                await ctx.StepAsync("x", (_, _) => Task.FromResult(2), cancellationToken: ct);
            }

            return "done";
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Failed, execution.Status);
        Assert.Equal(typeof(NonDeterministicWorkflowException).FullName, execution.Error?.ErrorType);
    }

    [Fact]
    public async Task Logger_WhenWorkflowReplays_ShouldWriteEachLineOnce()
    {
        var logger = new ListLogger();
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            await ctx.StepAsync("one", (_, _) => Task.FromResult(1), cancellationToken: ct);
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(ctx.Logger, "after one");
            await ctx.WaitAsync("w1", TimeSpan.FromSeconds(5), ct);
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(ctx.Logger, "after w1");
            await ctx.WaitAsync("w2", TimeSpan.FromSeconds(5), ct);
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(ctx.Logger, "after w2");
            return "ok";
        }, TestJsonContext.Default, logger);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Succeeded, execution.Status);
        Assert.Equal(3, execution.Invocations);
        Assert.Equal(["after one", "after w1", "after w2"], logger.Lines.Where(l => l.StartsWith("after", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public async Task CurrentTime_WhenReplayed_ShouldReturnTheCheckpointedInstant()
    {
        var seen = new List<DateTimeOffset>();
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var now = await ctx.GetCurrentTimeAsync("now", ct);
            lock (seen)
            {
                seen.Add(now);
            }

            await ctx.WaitAsync("w", TimeSpan.FromDays(1), ct);
            return now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Succeeded, execution.Status);
        Assert.Equal(2, seen.Count);
        Assert.Equal(seen[0], seen[1]);
        Assert.True(runner.Clock.GetUtcNow() - seen[0] >= TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task State_WhenMoreOperationsThanOnePage_ShouldPageWithNextMarkerAndReplayAll()
    {
        var effects = new SideEffects();
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
        {
            var sum = 0;
            for (var i = 0; i < 150; i++)
            {
                var name = $"s{i}";
                sum += await ctx.StepAsync(name, (_, _) => { effects.Ran(name); return Task.FromResult(1); }, cancellationToken: ct);
            }

            await ctx.WaitAsync("w", TimeSpan.FromSeconds(1), ct);
            return sum;
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(150, execution.Result);
        Assert.Equal(2, execution.Invocations);
        Assert.True(runner.Service.StateCalls >= 1, "the second invocation paged the state");
        Assert.All(effects.All.Values, n => Assert.Equal(1, n));
        Assert.Equal(150, effects.All.Count);
    }

    [Fact]
    public async Task OperationIds_WhenDerived_ShouldBeTheSdksHashOfPosition()
    {
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
        {
            await ctx.StepAsync("first", (_, _) => Task.FromResult(1), cancellationToken: ct);
            return await ctx.RunInChildContextAsync("child", (child, token) => child.StepAsync("inner", (_, _) => Task.FromResult(2), cancellationToken: token), ct);
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(2, execution.Result);
        // SHA-256("1") and SHA-256("2"), and the child's first operation SHA-256("{childId}-1").
        Assert.Equal("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", execution.Operation("first").Id);
        var child = execution.Operation("child");
        Assert.Equal("d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35", child.Id);
        var inner = execution.Operation("inner");
        Assert.Equal(child.Id, inner.ParentId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(child.Id + "-1"))), inner.Id);
    }
}
