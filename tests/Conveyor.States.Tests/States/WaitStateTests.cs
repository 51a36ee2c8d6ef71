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
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var runner = new StateMachineRunner(Asl.Load(Asl.Single($"\"Type\": \"Wait\", {field}, \"End\": true")), new StateMachineRunnerOptions { TimeProvider = clock });
        var run = runner.RunAsync(JsonNode.Parse("""{"delay": 10, "until": "2030-01-01T00:00:10Z"}"""));
        await Task.Delay(50);
        var advanced = 0;
        while (!run.IsCompleted && advanced < 60)
        {
            Assert.False(run.IsCompleted);
            clock.Advance(TimeSpan.FromSeconds(1));
            advanced++;
            await Task.Delay(20);
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(result.Succeeded);
        Assert.InRange(advanced, 10, 11);
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
