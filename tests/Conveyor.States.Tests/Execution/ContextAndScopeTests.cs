using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Execution;

public class ContextAndScopeTests
{
    [Fact]
    public async Task RunAsync_WhenContextExecutionFieldsAreSelected_ShouldExposeNameAndId()
    {
        var state = "\"Type\": \"Pass\", \"End\": true, \"Parameters\": {\"name.$\": \"$$.Execution.Name\", \"id.$\": \"$$.Execution.Id\"}";
        var runner = new StateMachineRunner(Asl.Load(Asl.Single(state)), new StateMachineRunnerOptions { StateMachineName = "Orders" });
        var result = await runner.RunAsync(new JsonObject(), "exec-1");
        Assert.Equal("exec-1", result.Output!["name"]!.GetValue<string>());
        Assert.EndsWith(":execution:Orders:exec-1", result.Output["id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choice_WhenJsonPathRuleHasAssign_ShouldAssignOnlyForTheMatchedRule()
    {
        var json = """
            { "StartAt": "C", "States": {
              "C": { "Type": "Choice", "Assign": { "route": "default" },
                     "Choices": [ { "Variable": "$.n", "NumericGreaterThan": 5, "Assign": { "route": "big", "n.$": "$.n" }, "Next": "E" } ], "Default": "E" },
              "E": { "Type": "Pass", "Parameters": { "route.$": "$route" }, "End": true } } }
            """;
        Asl.JsonEqual("""{"route": "big"}""", await Asl.OutputAsync(json, """{"n": 9}"""));
        Asl.JsonEqual("""{"route": "default"}""", await Asl.OutputAsync(json, """{"n": 1}"""));
    }

    [Fact]
    public async Task Parallel_WhenBranchFailsAndCatchMatches_ShouldRouteToHandler()
    {
        var json = """
            { "StartAt": "P", "States": {
              "P": { "Type": "Parallel", "Next": "Done", "Catch": [ { "ErrorEquals": ["Bad"], "ResultPath": "$.err", "Next": "Done" } ],
                     "Branches": [ { "StartAt": "F", "States": { "F": { "Type": "Fail", "Error": "Bad", "Cause": "c" } } } ] },
              "Done": { "Type": "Succeed" } } }
            """;
        Asl.JsonEqual("""{"x": 1, "err": {"Error": "Bad", "Cause": "c"}}""", await Asl.OutputAsync(json, """{"x": 1}"""));
    }

    [Fact]
    public async Task Catch_WhenResultPathMatchFailureIsRaised_ShouldBeCatchable()
    {
        var json = """
            { "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "ResultPath": "$.a.b", "End": true,
                     "Catch": [ { "ErrorEquals": ["States.ResultPathMatchFailure"], "ResultPath": null, "Next": "H" } ] },
              "H": { "Type": "Pass", "Result": "handled", "End": true } } }
            """;
        Asl.JsonEqual("\"handled\"", await Asl.OutputAsync(json, """{"a": "scalar"}""", FakeInvoker.Returning("1")));
    }

    [Fact]
    public async Task Map_WhenMaxConcurrencyPathGiven_ShouldReadItFromInput()
    {
        var json = """{ "StartAt": "M", "States": { "M": { "Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.limit", "End": true, "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }""";
        Asl.JsonEqual("[1,2,3]", await Asl.OutputAsync(json, """{"items": [1,2,3], "limit": 2}"""));
    }
}
