using System.Net;
using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Aws.StepFunctions;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.StepFunctions;

public sealed class StepFunctionsWorkflowStarterTests
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:conveyor";
    private static readonly TaskKey Key = new("SFN_TASK#acme", "import#01JDQX2M7R9W3K5N8P4T6V0Y2Z");

    [Fact]
    public async Task StartAsync_WhenNew_ShouldStartWithOptionsArnNameAndInput()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"executionArn\":\"arn:x\",\"startDate\":1}");
        var starter = Starter(handler);
        var name = ExecutionNames.For(Key);

        var execution = await starter.StartAsync(new WorkflowStart(Key, name, Json("{\"manifest\":\"s3://b/k\"}")), CancellationToken.None);

        var body = Assert.Single(handler.Requests).Json();
        Assert.Equal(StateMachineArn, body.GetProperty("stateMachineArn").GetString());
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("{\"manifest\":\"s3://b/k\"}", body.GetProperty("input").GetString());
        Assert.Equal(new WorkflowExecution("arn:x", name, AlreadyStarted: false), execution);
    }

    [Fact]
    public async Task StartAsync_WhenExecutionAlreadyExists_ShouldSucceedAsAlreadyStarted()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.BadRequest, "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution Already Exists\"}");
        var starter = Starter(handler);

        var execution = await starter.StartAsync(new WorkflowStart(Key, "run-7", Json("{}")), CancellationToken.None);

        Assert.True(execution.AlreadyStarted);
        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:conveyor:run-7", execution.ExecutionId);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("TASK#acme")]
    [InlineData("dots.are.not.allowed")]
    [InlineData("ünïcode")]
    public async Task StartAsync_WhenNameHasDisallowedCharacters_ShouldRefuseBeforeSending(string name)
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK);

        await Assert.ThrowsAsync<ValidationException>(() => Starter(handler).StartAsync(new WorkflowStart(Key, name, Json("{}")), CancellationToken.None));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(81, false)]
    public void ValidateExecutionName_WhenAtOrOverTheLengthLimit_ShouldAcceptOnlyUpTo80(int length, bool valid)
    {
        var name = new string('a', length);

        var error = Record.Exception(() => StepFunctionsWorkflowStarter.ValidateExecutionName(name));

        Assert.Equal(valid, error is null);
    }

    [Fact]
    public async Task StartAsync_WhenInputTooLarge_ShouldRefuseBeforeSendingAndSayPassByReference()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK);
        var big = Json(JsonSerializer.Serialize(new { items = new string('x', 262_144) }));

        var error = await Assert.ThrowsAsync<AwsPayloadTooLargeException>(() => Starter(handler).StartAsync(new WorkflowStart(Key, "big", big), CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.Contains("reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutionNames_WhenUsedForTaskKeys_ShouldAlwaysPassTheStarterValidation()
    {
        var longKey = new TaskKey("SFN_TASK#" + new string('t', 60), "import#" + new string('u', 40));

        StepFunctionsWorkflowStarter.ValidateExecutionName(ExecutionNames.For(Key));
        StepFunctionsWorkflowStarter.ValidateExecutionName(ExecutionNames.For(longKey));
    }

    private static StepFunctionsWorkflowStarter Starter(RecordingHandler handler) =>
        new(
            new StepFunctionsClient(TestSenders.Fake(handler, "states")),
            new StepFunctionsOptions { StateMachineArn = StateMachineArn },
            NullLogger<StepFunctionsWorkflowStarter>.Instance);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
