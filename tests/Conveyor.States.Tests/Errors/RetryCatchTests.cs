using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.States.Tests.Errors;

public class RetryCatchTests
{
    private static FakeInvoker FailingTimes(int failures, string error = "Boom")
    {
        var calls = 0;
        return new FakeInvoker((_, _) => Interlocked.Increment(ref calls) <= failures
            ? throw new TaskFailedException(error, "failed")
            : ValueTask.FromResult<JsonNode?>(JsonValue.Create("ok")));
    }

    private static string Machine(string retryAndCatch) => $$"""
        { "StartAt": "T", "States": {
          "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", {{retryAndCatch}} "End": true }
          {{(retryAndCatch.Contains("Handler", StringComparison.Ordinal) ? ", \"Handler\": { \"Type\": \"Pass\", \"End\": true }" : "")}} } }
        """;

    [Fact]
    public async System.Threading.Tasks.Task Retry_WhenErrorMatchesWithinMaxAttempts_ShouldSucceed()
    {
        var invoker = FailingTimes(2);
        var result = await Asl.RunAsync(Machine("\"Retry\": [ { \"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 2 } ],"), "{}", invoker);
        Assert.True(result.Succeeded);
        Assert.Equal(3, invoker.Invocations.Count);
        Assert.Equal([0, 1, 2], invoker.Invocations.Select(i => i.Attempt));
    }

    [Fact]
    public async System.Threading.Tasks.Task Retry_WhenMaxAttemptsIsZero_ShouldNotRetry()
    {
        var invoker = FailingTimes(1);
        var result = await Asl.RunAsync(Machine("\"Retry\": [ { \"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 0 } ],"), "{}", invoker);
        Assert.Equal("Boom", result.Error);
        Assert.Single(invoker.Invocations);
    }

    [Fact]
    public async System.Threading.Tasks.Task Retry_WhenTaskFailedWildcard_ShouldMatchCustomErrorsButNotTimeout()
    {
        Assert.True((await Asl.RunAsync(Machine("\"Retry\": [ { \"ErrorEquals\": [\"States.TaskFailed\"] } ],"), "{}", FailingTimes(1))).Succeeded);
        var timeout = await Asl.RunAsync(Machine("\"Retry\": [ { \"ErrorEquals\": [\"States.TaskFailed\"] } ],"), "{}", FailingTimes(1, "States.Timeout"));
        Assert.Equal("States.Timeout", timeout.Error);
    }

    [Fact]
    public async System.Threading.Tasks.Task Retry_WhenBackoffAndMaxDelay_ShouldWaitTheComputedIntervalsOnTheClock()
    {
        var clock = new TimerCountingClock(new FakeTimeProvider());
        var invoker = FailingTimes(3);
        var json = Machine("\"Retry\": [ { \"ErrorEquals\": [\"Boom\"], \"IntervalSeconds\": 2, \"BackoffRate\": 3, \"MaxDelaySeconds\": 5, \"MaxAttempts\": 3, \"JitterStrategy\": \"NONE\" } ],");
        var run = new StateMachineRunner(Asl.Load(json), new StateMachineRunnerOptions { TaskInvoker = invoker, TimeProvider = clock }).RunAsync(new JsonObject());
        async System.Threading.Tasks.Task AdvanceAsync(int seconds, int expectedCalls)
        {
            // The clock moves only once this retry's timer is set (a fixed real-time pause failed under load).
            await WaitForAsync(() => invoker.Invocations.Count == expectedCalls - 1 && clock.Timers == expectedCalls - 1);
            var step = TimeSpan.FromMilliseconds(250);
            for (var advanced = step; advanced < TimeSpan.FromSeconds(seconds); advanced += step)
            {
                clock.Fake.Advance(step);
                await System.Threading.Tasks.Task.Yield();
                Assert.Equal(expectedCalls - 1, invoker.Invocations.Count);
            }

            clock.Fake.Advance(step);
            await WaitForAsync(() => invoker.Invocations.Count == expectedCalls);
        }

        await AdvanceAsync(2, 2);  // 2s
        await AdvanceAsync(5, 3);  // 6s capped to 5s
        await AdvanceAsync(5, 4);  // 18s capped to 5s
        Assert.True((await run.WaitAsync(TimeSpan.FromSeconds(5))).Succeeded);
    }

    [Fact]
    public async System.Threading.Tasks.Task Catch_WhenErrorMatches_ShouldGoToNextWithErrorAtResultPath()
    {
        var json = Machine("\"Catch\": [ { \"ErrorEquals\": [\"Other\"], \"Next\": \"Handler\" }, { \"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.error\", \"Next\": \"Handler\" } ],");
        var output = await Asl.OutputAsync(json, """{"a": 1}""", FailingTimes(5));
        Asl.JsonEqual("""{"a": 1, "error": {"Error": "Boom", "Cause": "failed"}}""", output);
    }

    [Fact]
    public async System.Threading.Tasks.Task Catch_WhenRetriesAreExhausted_ShouldThenCatch()
    {
        var invoker = FailingTimes(5);
        var json = Machine("\"Retry\": [ { \"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 1 } ], \"Catch\": [ { \"ErrorEquals\": [\"Boom\"], \"Next\": \"Handler\" } ],");
        var output = await Asl.OutputAsync(json, "{}", invoker);
        Assert.Equal("Boom", output!["Error"]!.GetValue<string>());
        Assert.Equal(2, invoker.Invocations.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task Catch_WhenStatesRuntime_ShouldNotBeCaught()
    {
        var json = """
            { "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "OutputPath": "$.missing", "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "H" } ], "End": true },
              "H": { "Type": "Pass", "End": true } } }
            """;
        var result = await Asl.RunAsync(json, "{}", FakeInvoker.Returning("{}"));
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async System.Threading.Tasks.Task Catch_WhenResultPathNull_ShouldKeepOriginalInput()
    {
        var json = Machine("\"Catch\": [ { \"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": null, \"Next\": \"Handler\" } ],");
        Asl.JsonEqual("""{"keep": true}""", await Asl.OutputAsync(json, """{"keep": true}""", FailingTimes(1)));
    }

    private static async System.Threading.Tasks.Task WaitForAsync(Func<bool> condition)
    {
        var patience = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < patience) { await System.Threading.Tasks.Task.Delay(5); }
        Assert.True(condition());
    }
}
