using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>An invocation that dies mid-step (the process killed) and the service invoking again.</summary>
public sealed class CrashReplayTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:wf:1/durable-execution/crash/abc";

    [Theory]
    [InlineData(StepSemantics.AtMostOncePerRetry, 0, ExecutionStatuses.Failed)]
    [InlineData(StepSemantics.AtMostOncePerRetry, 2, ExecutionStatuses.Succeeded)]
    [InlineData(StepSemantics.AtLeastOncePerRetry, 0, ExecutionStatuses.Succeeded)]
    public async Task Step_WhenAnInvocationDiesInsideItsBody_ShouldFollowItsSemanticsOnTheNextInvocation(StepSemantics semantics, int maxAttempts, string expected)
    {
        var clock = new DurableTestClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var service = new InMemoryDurableService(clock);
        var record = service.Add(DurableExecutionRules.Create(Arn, "crash", "wf", "{\"OrderId\":\"o\",\"Items\":1}", clock.GetUtcNow(), null));
        var runs = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = new TaskCompletionSource<int>();
        var options = new StepOptions
        {
            Semantics = semantics,
            Retry = maxAttempts > 0 ? RetryStrategies.ExponentialBackoff(maxAttempts, TimeSpan.FromSeconds(1)) : null,
        };
        var function = new DurableFunction<OrderInput, int>(async (input, ctx, ct) =>
            await ctx.StepAsync("charge", async (step, _) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    entered.TrySetResult();
                    return await hang.Task;
                }

                return 7;
            }, options, ct), TestJsonContext.Default, new DurableFunctionOptions { Time = clock });

        // First invocation: the step body starts and the process "dies" (the invocation is abandoned, never answers).
        var first = service.Locked(() => DurableExecutionRules.BeginInvocation(record));
        _ = function.InvokeAsync(first, service, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);

        // The service invokes again (a new token; the dead invocation's token is no longer valid).
        for (var i = 0; i < 5 && !ExecutionStatuses.IsTerminal(record.Status); i++)
        {
            service.Locked(() => DurableExecutionRules.Advance(record, clock.GetUtcNow()));
            var envelope = service.Locked(() => DurableExecutionRules.BeginInvocation(record));
            var output = await function.InvokeAsync(envelope, service, CancellationToken.None);
            service.Locked(() => { DurableExecutionRules.ApplyInvocationResult(record, output, clock.GetUtcNow()); return true; });
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(expected, record.Status);
        if (semantics == StepSemantics.AtMostOncePerRetry)
        {
            var step = record.Operations.Single(o => o.Name == "charge");
            Assert.Equal(maxAttempts == 0 ? 1 : 2, runs);
            if (maxAttempts == 0)
            {
                Assert.Contains("interrupted", record.Error?.ErrorMessage, StringComparison.Ordinal);
                Assert.Equal(OperationStatuses.Failed, step.Status);
            }
            else
            {
                Assert.Equal(1, step.StepDetails?.Attempt);
            }
        }
        else
        {
            Assert.Equal(2, runs);
            Assert.Equal("7", record.Result);
        }
    }

    [Fact]
    public async Task Checkpoint_WhenTheTokenWasAlreadyUsed_ShouldBeRefused()
    {
        var clock = new DurableTestClock(DateTimeOffset.UnixEpoch);
        var service = new InMemoryDurableService(clock);
        var record = service.Add(DurableExecutionRules.Create(Arn, "crash", "wf", "1", clock.GetUtcNow(), null));
        var envelope = DurableExecutionRules.BeginInvocation(record);
        var update = new OperationUpdate { Id = "a", Type = OperationTypes.Step, Action = OperationActions.Start, Name = "a" };

        var answer = await service.CheckpointAsync(Arn, envelope.CheckpointToken, [update], null, CancellationToken.None);
        var reuse = await Assert.ThrowsAsync<DurableServiceException>(() => service.CheckpointAsync(Arn, envelope.CheckpointToken, [update], null, CancellationToken.None));

        Assert.NotEqual(envelope.CheckpointToken, answer.CheckpointToken);
        Assert.Equal("InvalidParameterValueException", reuse.ErrorCode);
        Assert.Contains("Invalid Checkpoint Token", reuse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_WhenAWorkflowRuns_ShouldUseEachTokenOnceAndBatchConcurrentUpdates()
    {
        var runner = new DurableTestRunner<OrderInput, int>(async (input, ctx, ct) =>
        {
            var result = await ctx.MapAsync("fan", Enumerable.Range(0, 20).ToList(), (item, _, child, token) =>
                child.StepAsync("work", (_, _) => Task.FromResult(item), cancellationToken: token), cancellationToken: ct);
            return result.Results().Sum();
        }, BatchJsonContext.Default);

        var execution = await runner.StartAsync(new OrderInput("o", 1));

        Assert.Equal(190, execution.Result);
        var tokens = runner.Service.CheckpointCalls.Select(c => c.CheckpointToken).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        var updates = runner.Service.CheckpointCalls.Sum(c => c.Updates.Count);
        Assert.True(runner.Service.CheckpointCalls.Count < updates, $"{updates} updates went in {runner.Service.CheckpointCalls.Count} calls");
    }
}
