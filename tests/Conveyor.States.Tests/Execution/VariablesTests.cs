using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Execution;

public class VariablesTests
{
    [Fact]
    public async Task Assign_WhenJsonPath_ShouldUseResultAsDollarAndBeReadableAsVariable()
    {
        var json = """
            { "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Assign": { "total.$": "$.sum", "fixed": 1 }, "ResultPath": null, "Next": "P" },
              "P": { "Type": "Pass", "Parameters": { "total.$": "$total", "fixed.$": "$fixed", "orig.$": "$.x" }, "End": true } } }
            """;
        Asl.JsonEqual("""{"total": 5, "fixed": 1, "orig": 1}""", await Asl.OutputAsync(json, """{"x": 1}""", FakeInvoker.Returning("""{"sum": 5}""")));
    }

    [Fact]
    public async Task Assign_WhenInsideMapIteration_ShouldReadOuterVariablesButNotLeakOut()
    {
        var json = """
            { "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Assign": { "outer": 10 }, "Next": "M" },
              "M": { "Type": "Map", "Next": "B", "ItemProcessor": { "StartAt": "I", "States": {
                "I": { "Type": "Pass", "Assign": { "inner": 1 }, "Parameters": { "o.$": "$outer", "v.$": "$" }, "End": true } } } },
              "B": { "Type": "Pass", "Parameters": { "leaked.$": "States.Array($inner)" }, "End": true } } }
            """;
        var result = await Asl.RunAsync(json, "[1]");
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Assign_WhenVariableValueIsLaterMutatedByResultPath_ShouldKeepVariableUnchanged()
    {
        var json = """
            { "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Assign": { "saved.$": "$" }, "Next": "B" },
              "B": { "Type": "Pass", "Parameters": { "s.$": "$saved" }, "Next": "C" },
              "C": { "Type": "Pass", "Result": 1, "ResultPath": "$.s.added", "Next": "D" },
              "D": { "Type": "Pass", "Parameters": { "again.$": "$saved" }, "End": true } } }
            """;
        Asl.JsonEqual("""{"again": {"a": 1}}""", await Asl.OutputAsync(json, """{"a": 1}"""));
    }
}
