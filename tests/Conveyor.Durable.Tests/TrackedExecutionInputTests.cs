using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>The start payload that carries an execution's tracking task on AWS, and the workflow seeing only its input.</summary>
public sealed class TrackedExecutionInputTests
{
    [Fact]
    public void Wrap_WhenATaskTracksTheExecution_ShouldRoundTripTheTaskAndTheInputExactly()
    {
        var payload = TrackedExecutionInput.Wrap("TASK#acme#document-review#01J", """{"Key":"a.pdf","Pages":[1,2]}""");

        var (taskId, input) = TrackedExecutionInput.Unwrap(payload);

        Assert.Equal("""{"ConveyorTaskId":"TASK#acme#document-review#01J","Input":{"Key":"a.pdf","Pages":[1,2]}}""", payload);
        Assert.Equal("TASK#acme#document-review#01J", taskId);
        Assert.Equal("""{"Key":"a.pdf","Pages":[1,2]}""", input);
    }

    [Theory]
    [InlineData("""{"Key":"a.pdf"}""")]
    [InlineData("""{"ConveyorTaskId":"t","Input":{},"Other":1}""")]
    [InlineData("""{"ConveyorTaskId":7,"Input":{}}""")]
    [InlineData("\"text\"")]
    [InlineData("{not json")]
    [InlineData(null)]
    public void Unwrap_WhenThePayloadIsNotAnEnvelope_ShouldPassItThroughUntracked(string? payload)
    {
        var (taskId, input) = TrackedExecutionInput.Unwrap(payload);

        Assert.Null(taskId);
        Assert.Equal(payload, input);
    }

    [Fact]
    public void Wrap_WhenNoTaskTracksTheExecution_ShouldLeaveTheInputAsItIs() =>
        Assert.Equal("""{"a":1}""", TrackedExecutionInput.Wrap(null, """{"a":1}"""));

    [Fact]
    public async Task Workflow_WhenStartedWithATrackedPayload_ShouldReceiveOnlyTheInput()
    {
        var clock = new DurableTestClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var service = new InMemoryDurableService(clock);
        var record = service.Add(DurableExecutionRules.Create(
            "arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/o-7/abc",
            "o-7",
            "orders",
            TrackedExecutionInput.Wrap("TASK#acme#orders#01J", """{"OrderId":"o-7","Items":2}"""),
            clock.GetUtcNow(),
            null));
        var function = new DurableFunction<OrderInput, string>(async (input, ctx, ct) => await ctx.StepAsync("echo", (_, _) => Task.FromResult($"{input.OrderId}:{input.Items}"), cancellationToken: ct), TestJsonContext.Default);

        var output = await function.InvokeAsync(service.Locked(() => DurableExecutionRules.BeginInvocation(record)), service, CancellationToken.None);

        Assert.Equal(InvocationStatuses.Succeeded, output.Status);
        Assert.Equal("\"o-7:2\"", output.Result);
    }
}
