using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.States.Tests.States;

public class WaitStateTests
{
    [Theory]
    [InlineData("\"Seconds\": 10")]
    [InlineData("\"SecondsPath\": \"$.delay\"")]
    [InlineData("\"Timestamp\": \"2030-01-01T00:00:10Z\"")]
    [InlineData("\"TimestampPath\": \"$.until\"")]
    public async Task Execute_WhenUsingFakeClock_ShouldWaitUntilTimeAdvances(string field)
    {
        var clock = new TimerCountingClock(new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var runner = new StateMachineRunner(Asl.Load(Asl.Single($"\"Type\": \"Wait\", {field}, \"End\": true")), new StateMachineRunnerOptions { TimeProvider = clock });
        var run = runner.RunAsync(JsonNode.Parse("""{"delay": 10, "until": "2030-01-01T00:00:10Z"}"""));

        // The clock moves only once the wait has set its timer, however slowly the machine got there (a fixed real-time
        // pause before advancing failed under load: a timer set after the first advances was due later than 10 s).
        var patience = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (clock.Timers == 0 && !run.IsCompleted && DateTime.UtcNow < patience)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, clock.Timers);
        for (var second = 1; second < 10; second++)
        {
            clock.Fake.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            Assert.False(run.IsCompleted, $"the wait ended after {second} s of its 10");
        }

        clock.Fake.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Execute_WhenNoWait_ShouldNotWait()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Wait\", \"Seconds\": 100000, \"End\": true"), """{"a": 1}""");
        Assert.True(result.Succeeded);
        Asl.JsonEqual("""{"a": 1}""", result.Output);
    }

    [Fact]
    public async Task Execute_WhenSecondsPathIsNotANumber_ShouldFailWithRuntime()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Wait\", \"SecondsPath\": \"$.d\", \"End\": true"), """{"d": "x"}""");
        Assert.Equal("States.Runtime", result.Error);
    }
}
