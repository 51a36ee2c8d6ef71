using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.Tasks;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.States;

public class TaskStateTests
{
    [Fact]
    public async Task Execute_WhenLambdaInvokeIntegration_ShouldPassFunctionAndPayloadAndWrapResult()
    {
        var invoker = FakeInvoker.Returning("""{"ok": true}""");
        var state = """
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
            "Parameters": { "FunctionName": "arn:aws:lambda:us-east-1:1:function:Work", "Payload.$": "$" }
            """;
        var output = await Asl.OutputAsync(Asl.Single(state), """{"n": 1}""", invoker);
        var call = invoker.Invocations.Single();
        Assert.Equal("arn:aws:lambda:us-east-1:1:function:Work", call.FunctionName);
        Asl.JsonEqual("""{"n": 1}""", call.Payload);
        Assert.True(call.ParsedResource.IsLambdaInvoke);
        Asl.JsonEqual("""{"ok": true}""", output!["Payload"]);
        Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        Assert.Equal("$LATEST", output["ExecutedVersion"]!.GetValue<string>());
        Assert.NotNull(output["SdkHttpMetadata"]);
    }

    [Fact]
    public async Task Execute_WhenPlainLambdaArn_ShouldReturnRawResult()
    {
        var invoker = FakeInvoker.Returning("""{"ok": true}""");
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:Work\", \"End\": true"), "{}", invoker);
        Asl.JsonEqual("""{"ok": true}""", output);
        Assert.Equal("Work", invoker.Invocations.Single().FunctionName);
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs", "sendMessage", IntegrationPattern.WaitForTaskToken)]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", "states", "startExecution", IntegrationPattern.Sync)]
    [InlineData("arn:aws:states:::dynamodb:putItem", "dynamodb", "putItem", IntegrationPattern.RequestResponse)]
    public void Parse_WhenIntegrationArn_ShouldSplitServiceActionAndPattern(string arn, string service, string action, IntegrationPattern pattern)
    {
        var resource = TaskResource.Parse(arn);
        Assert.Equal((service, action, pattern), (resource.Service, resource.Action, resource.Pattern));
    }

    [Fact]
    public async Task Execute_WhenWaitForTaskToken_ShouldExposeTokenInContextAndInvocation()
    {
        var invoker = FakeInvoker.Returning("\"done\"");
        var state = "\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"Parameters\": {\"token.$\": \"$$.Task.Token\"}, \"End\": true";
        await Asl.OutputAsync(Asl.Single(state), "{}", invoker);
        var call = invoker.Invocations.Single();
        Assert.NotNull(call.TaskToken);
        Assert.Equal(call.TaskToken, call.Input!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_WhenTaskExceedsTimeoutSeconds_ShouldFailWithStatesTimeout()
    {
        var invoker = new FakeInvoker(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null; });
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:Slow\", \"TimeoutSeconds\": 1, \"End\": true"), "{}", invoker);
        Assert.Equal("States.Timeout", result.Error);
    }

    [Fact]
    public async Task Execute_WhenNoHeartbeatArrives_ShouldFailWithHeartbeatTimeout()
    {
        var invoker = new FakeInvoker(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null; });
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"TimeoutSeconds\": 30, \"HeartbeatSeconds\": 1, \"End\": true"), "{}", invoker);
        Assert.Equal("States.HeartbeatTimeout", result.Error);
    }

    [Fact]
    public async Task Execute_WhenNoInvokerConfigured_ShouldFailClearly()
    {
        var result = await new StateMachineRunner(Asl.Load(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"End\": true"))).RunAsync(new JsonObject());
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("No task resource invoker", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WhenInvokerThrowsPlainException_ShouldUseTypeNameAsError()
    {
        var invoker = new FakeInvoker((_, _) => throw new InvalidOperationException("boom"));
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"End\": true"), "{}", invoker);
        Assert.Equal("InvalidOperationException", result.Error);
        Assert.Equal("boom", result.Cause);
    }
}
