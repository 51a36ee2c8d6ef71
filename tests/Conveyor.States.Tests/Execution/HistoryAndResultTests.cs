using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Mocks;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Execution;

public class HistoryAndResultTests
{
    [Fact]
    public async Task RunAsync_WhenObserved_ShouldEmitStateAndTaskEventsInOrder()
    {
        var history = new ExecutionHistory();
        var json = """{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "W" }, "W": { "Type": "Wait", "Seconds": 5, "End": true } } }""";
        var options = new StateMachineRunnerOptions { Observer = history, NoWait = true, TaskInvoker = FakeInvoker.Returning("1") };
        await new StateMachineRunner(Asl.Load(json), options).RunAsync(new JsonObject());
        Assert.Equal(
            [HistoryEventType.ExecutionStarted, HistoryEventType.StateEntered, HistoryEventType.TaskScheduled, HistoryEventType.TaskSucceeded, HistoryEventType.StateExited,
             HistoryEventType.StateEntered, HistoryEventType.WaitStarted, HistoryEventType.WaitEnded, HistoryEventType.StateExited, HistoryEventType.ExecutionSucceeded],
            history.Events.Select(e => e.Type));
        Assert.Equal("T", history.Events[1].StateName);
    }

    [Fact]
    public async Task RunAsync_WhenExecutionTimeoutElapses_ShouldReturnTimedOut()
    {
        var json = """{ "TimeoutSeconds": 1, "StartAt": "W", "States": { "W": { "Type": "Wait", "Seconds": 30, "End": true } } }""";
        var result = await new StateMachineRunner(Asl.Load(json)).RunAsync(new JsonObject());
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal("States.Timeout", result.Error);
    }

    [Fact]
    public async Task RunAsync_WhenCancelled_ShouldReturnAbortedWithoutThrowing()
    {
        using var cts = new CancellationTokenSource(50);
        var result = await new StateMachineRunner(Asl.Load(Asl.Single("\"Type\": \"Wait\", \"Seconds\": 60, \"End\": true"))).RunAsync(new JsonObject(), cancellationToken: cts.Token);
        Assert.Equal(ExecutionStatus.Aborted, result.Status);
    }

    [Fact]
    public async Task RunAsync_WhenMockConfigurationDrivesTasks_ShouldFollowInvocationRanges()
    {
        var mock = MockConfiguration.Parse("""
            { "StateMachines": { "Flow": { "TestCases": { "RetryPath": { "Work": "FailThenSucceed" } } } },
              "MockedResponses": { "FailThenSucceed": {
                "0": { "Throw": { "Error": "Lambda.ServiceException", "Cause": "flaky" } },
                "1-2": { "Return": { "StatusCode": 200, "Payload": { "done": true } } } } } }
            """);
        var json = """
            { "StartAt": "Work", "States": { "Work": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "f", "Payload.$": "$" },
              "Retry": [ { "ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2 } ], "OutputPath": "$.Payload", "End": true } } }
            """;
        var options = new StateMachineRunnerOptions { NoWait = true, TaskInvoker = new MockTaskInvoker(mock, "Flow", "RetryPath") };
        var result = await new StateMachineRunner(Asl.Load(json), options).RunAsync(new JsonObject());
        Asl.JsonEqual("""{"done": true}""", result.Output);
    }

    [Fact]
    public void TryLoad_WhenSubstitutionsGiven_ShouldReplacePlaceholders()
    {
        var json = """{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "${WorkerArn}", "End": true } } }""";
        var definition = StateMachineDefinition.TryLoad(json, new Dictionary<string, string> { ["WorkerArn"] = "arn:aws:lambda:us-east-1:1:function:w" }, out var validation);
        Assert.True(validation.IsValid);
        Assert.NotNull(definition);
    }

    [Fact]
    public void TryLoad_WhenSubstitutionIsMissing_ShouldReportIt()
    {
        var json = """{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "${WorkerArn}", "End": true } } }""";
        StateMachineDefinition.TryLoad(json, null, out var validation);
        Assert.Contains(validation.Problems, p => p.Contains("${WorkerArn}", StringComparison.Ordinal));
    }
}
