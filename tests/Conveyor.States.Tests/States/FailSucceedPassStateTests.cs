using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.States;

public class FailSucceedPassStateTests
{
    [Fact]
    public async Task Fail_WhenErrorAndCause_ShouldFailTheExecution()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Fail\", \"Error\": \"MyError\", \"Cause\": \"Because\""));
        Assert.Equal("FAILED", result.StatusName);
        Assert.Equal("MyError", result.Error);
        Assert.Equal("Because", result.Cause);
    }

    [Fact]
    public async Task Fail_WhenErrorPathAndCausePath_ShouldReadThemFromInput()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Fail\", \"ErrorPath\": \"$.e\", \"CausePath\": \"States.Format('bad {}', $.c)\""), """{"e": "E1", "c": "thing"}""");
        Assert.Equal("E1", result.Error);
        Assert.Equal("bad thing", result.Cause);
    }

    [Fact]
    public async Task Succeed_WhenOutputPath_ShouldFilterOutput() =>
        Asl.JsonEqual("1", await Asl.OutputAsync(Asl.Single("\"Type\": \"Succeed\", \"OutputPath\": \"$.a\""), """{"a": 1}"""));

    [Fact]
    public async Task Pass_WhenResultAndResultPath_ShouldMergeResult() =>
        Asl.JsonEqual("""{"a": 1, "r": {"x": [1, 2]}}""", await Asl.OutputAsync(Asl.Single("\"Type\": \"Pass\", \"Result\": {\"x\": [1, 2]}, \"ResultPath\": \"$.r\", \"End\": true"), """{"a": 1}"""));

    [Fact]
    public async Task Pass_WhenChained_ShouldFlowOutputToNextInput()
    {
        var json = """{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B" }, "B": { "Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, 41)"}, "End": true } } }""";
        Asl.JsonEqual("""{"sum": 42}""", await Asl.OutputAsync(json));
    }
}
