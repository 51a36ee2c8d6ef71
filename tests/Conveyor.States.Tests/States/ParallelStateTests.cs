using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.States;

public class ParallelStateTests
{
    [Fact]
    public async Task Execute_WhenBranchesSucceed_ShouldReturnOutputsInBranchOrder()
    {
        var json = """
            { "StartAt": "P", "States": { "P": { "Type": "Parallel", "End": true, "Branches": [
              { "StartAt": "A", "States": { "A": { "Type": "Wait", "Seconds": 1, "Next": "A2" }, "A2": { "Type": "Pass", "Parameters": {"b.$": "$.x"}, "End": true } } },
              { "StartAt": "B", "States": { "B": { "Type": "Pass", "Result": "second", "End": true } } } ] } } }
            """;
        Asl.JsonEqual("""[{"b": 1}, "second"]""", await Asl.OutputAsync(json, """{"x": 1}"""));
    }

    [Fact]
    public async Task Execute_WhenABranchFails_ShouldFailWithTheBranchError()
    {
        var json = """
            { "StartAt": "P", "States": { "P": { "Type": "Parallel", "End": true, "Branches": [
              { "StartAt": "A", "States": { "A": { "Type": "Fail", "Error": "BranchBroke", "Cause": "x" } } },
              { "StartAt": "B", "States": { "B": { "Type": "Pass", "End": true } } } ] } } }
            """;
        var result = await Asl.RunAsync(json);
        Assert.Equal("BranchBroke", result.Error);
    }

    [Fact]
    public async Task Execute_WhenBranchMutatesItsInput_ShouldNotAffectOtherBranches()
    {
        var json = """
            { "StartAt": "P", "States": { "P": { "Type": "Parallel", "End": true, "Branches": [
              { "StartAt": "A", "States": { "A": { "Type": "Pass", "Result": 1, "ResultPath": "$.added", "End": true } } },
              { "StartAt": "B", "States": { "B": { "Type": "Pass", "End": true } } } ] } } }
            """;
        Asl.JsonEqual("""[{"x": 0, "added": 1}, {"x": 0}]""", await Asl.OutputAsync(json, """{"x": 0}"""));
    }
}
