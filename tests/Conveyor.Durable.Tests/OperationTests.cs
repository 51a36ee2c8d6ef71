using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

public sealed class OperationTests
{
    [Fact]
    public async Task Step_WhenItFailsTwiceWithBackoff_ShouldRetryAfterTheDelaysAndSucceed()
    {
        var attempts = new List<int>();
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
            await ctx.StepAsync("flaky", (step, _) =>
            {
                lock (attempts)
                {
                    attempts.Add(step.Attempt);
                }

                return step.Attempt < 3 ? throw new TimeoutException("downstream slow") : Task.FromResult(step.Attempt);
            }, new StepOptions { Retry = RetryStrategies.ExponentialBackoff(5, TimeSpan.FromSeconds(10)) }, ct), TestJsonContext.Default);
        var started = runner.Clock.GetUtcNow();

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(3, execution.Result);
        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(TimeSpan.FromSeconds(30), runner.Clock.GetUtcNow() - started);
        Assert.Equal(OperationStatuses.Succeeded, execution.Operation("flaky").Status);
        Assert.Equal(2, execution.Operation("flaky").StepDetails?.Attempt);
    }

    [Fact]
    public async Task Step_WhenRetriesAreExhausted_ShouldFailWithTheOriginalErrorTheWorkflowCanCatch()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            try
            {
                await ctx.StepAsync<int>("always", (_, _) => throw new InvalidOperationException("no stock"), new StepOptions { Retry = RetryStrategies.ExponentialBackoff(2, TimeSpan.FromSeconds(1)) }, ct);
                return "impossible";
            }
            catch (DurableOperationFailedException ex)
            {
                return $"{ex.ErrorType}: {ex.Message}";
            }
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal("System.InvalidOperationException: no stock", execution.Result);
        Assert.Equal(OperationStatuses.Failed, execution.Operation("always").Status);
    }

    [Fact]
    public async Task Workflow_WhenItThrows_ShouldFailTheExecutionWithTheError()
    {
        var runner = new DurableTestRunner<OrderInput, string>((input, ctx, ct) => throw new ArgumentException("bad order"), TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Failed, execution.Status);
        Assert.Equal("System.ArgumentException", execution.Error?.ErrorType);
        Assert.Equal("bad order", execution.Error?.ErrorMessage);
    }

    [Fact]
    public async Task Callback_WhenFailedFromOutside_ShouldThrowInTheWorkflow()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var callback = await ctx.CreateCallbackAsync<string>("approval", cancellationToken: ct);
            try
            {
                return await callback.GetResultAsync(ct);
            }
            catch (DurableOperationFailedException ex)
            {
                return "rejected: " + ex.Message;
            }
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));
        Assert.False(string.IsNullOrEmpty(execution.CallbackId("approval")));
        await runner.FailCallbackAsync(execution, "approval", new ErrorObject { ErrorType = "Rejected", ErrorMessage = "not this one" });

        Assert.Equal("rejected: not this one", execution.Result);
    }

    [Fact]
    public async Task Callback_WhenNotAnsweredInTime_ShouldTimeOut()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            try
            {
                return await ctx.WaitForCallbackAsync<string>("approval", (_, _, _) => Task.CompletedTask, new CallbackOptions { Timeout = TimeSpan.FromDays(3) }, ct);
            }
            catch (DurableOperationFailedException ex) when (ex.IsTimeout)
            {
                return "timed out";
            }
        }, TestJsonContext.Default);
        var started = runner.Clock.GetUtcNow();

        var execution = await runner.StartAsync(new OrderInput("o", 1));
        Assert.Equal(ExecutionStatuses.Running, execution.Status);
        runner.SkipToDeadlines = true;
        await runner.RunUntilIdleAsync(execution);

        Assert.Equal("timed out", execution.Result);
        Assert.Equal(TimeSpan.FromDays(3), runner.Clock.GetUtcNow() - started);
    }

    [Fact]
    public async Task Callback_WhenHeartbeatsStop_ShouldTimeOutAfterTheHeartbeatTimeout()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
        {
            var callback = await ctx.CreateCallbackAsync<string>("job", new CallbackOptions { HeartbeatTimeout = TimeSpan.FromMinutes(1) }, ct);
            try
            {
                return await callback.GetResultAsync(ct);
            }
            catch (DurableOperationFailedException ex) when (ex.IsTimeout)
            {
                return ex.ErrorType;
            }
        }, TestJsonContext.Default) { SkipTime = false };

        var execution = await runner.StartAsync(new OrderInput("o", 1));
        await runner.AdvanceTimeAsync(execution, TimeSpan.FromSeconds(50));
        runner.HeartbeatCallback(execution, "job");
        await runner.AdvanceTimeAsync(execution, TimeSpan.FromSeconds(50));
        Assert.Equal(ExecutionStatuses.Running, execution.Status);
        await runner.AdvanceTimeAsync(execution, TimeSpan.FromSeconds(11));

        Assert.Equal("CallbackHeartbeatTimeout", execution.Result);
    }

    [Fact]
    public async Task WaitForCondition_WhenPolling_ShouldCheckpointStateAndStopWhenDone()
    {
        var checks = 0;
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
            await ctx.WaitForConditionAsync("poll", 0, (state, _, _) => { Interlocked.Increment(ref checks); return Task.FromResult(state + 1); },
                (state, attempt) => state >= 3 ? ConditionDecision.Stop : ConditionDecision.CheckAgainAfter(TimeSpan.FromMinutes(1)), ct), TestJsonContext.Default);
        var started = runner.Clock.GetUtcNow();

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(3, execution.Result);
        Assert.Equal(3, checks);
        Assert.Equal(TimeSpan.FromMinutes(2), runner.Clock.GetUtcNow() - started);
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionAnswers_ShouldReturnItsResult()
    {
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
            await ctx.InvokeAsync<int, int>("price", "pricing", input.Items, ct), TestJsonContext.Default);
        runner.RegisterFunction("pricing", (payload, _) => Task.FromResult<string?>((int.Parse(payload!, System.Globalization.CultureInfo.InvariantCulture) * 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var execution = await runner.StartAsync(new OrderInput("o", 6));

        Assert.Equal(42, execution.Result);
        Assert.Equal(OperationTypes.ChainedInvoke, execution.Operation("price").Type);
    }

    [Fact]
    public async Task ChildContext_WhenCompleted_ShouldNotRerunItsStepsOnReplay()
    {
        var effects = new SideEffects();
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
        {
            var total = await ctx.RunInChildContextAsync("sub", async (child, token) =>
            {
                var a = await child.StepAsync("a", (_, _) => { effects.Ran("a"); return Task.FromResult(1); }, cancellationToken: token);
                var b = await child.StepAsync("b", (_, _) => { effects.Ran("b"); return Task.FromResult(2); }, cancellationToken: token);
                return a + b;
            }, ct);
            await ctx.WaitAsync("w", TimeSpan.FromSeconds(1), ct);
            return total;
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(3, execution.Result);
        Assert.Equal(1, effects["a"]);
        Assert.Equal(1, effects["b"]);
    }

    [Fact]
    public async Task Step_WhenResultExceedsThePayloadLimit_ShouldFailWithAClearError()
    {
        var runner = new DurableTestRunner<OrderInput, string>(async (input, ctx, ct) =>
            await ctx.StepAsync("big", (_, _) => Task.FromResult(new string('x', DurableLimits.MaxOperationPayloadBytes + 1)), cancellationToken: ct), TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Failed, execution.Status);
        Assert.Contains("at most 262144 bytes", execution.Error?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_WhenItStartsMoreOperationsThanTheLimit_ShouldFailWithAClearError()
    {
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
        {
            for (var i = 0; i < DurableLimits.MaxOperationsPerExecution + 5; i++)
            {
                await ctx.StepAsync($"s{i}", (_, _) => Task.FromResult(i), cancellationToken: ct);
            }

            return 0;
        }, TestJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(ExecutionStatuses.Failed, execution.Status);
        Assert.Equal(typeof(DurableLimitExceededException).FullName, execution.Error?.ErrorType);
        Assert.Contains("3000 operations", execution.Error?.ErrorMessage, StringComparison.Ordinal);
    }
}
