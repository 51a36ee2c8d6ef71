using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Paths;

/// <summary>The examples of the AWS developer guide, "Processing input and output in Step Functions".</summary>
public class InputOutputProcessingTests
{
    private const string HelloResult = "\"Hello, AWS Step Functions!\"";
    private const string HelloInput = """{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}""";

    [Fact]
    public async Task InputPath_WhenSelectingDataset2_ShouldPassOnlyThatNode()
    {
        var input = """{"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3}, "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}""";
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Pass\", \"InputPath\": \"$.dataset2\", \"End\": true"), input);
        Asl.JsonEqual("""{"val1": "a", "val2": "b", "val3": "c"}""", output);
    }

    [Fact]
    public async Task Parameters_WhenSelectingFromProductDetails_ShouldBuildTheDocumentedObject()
    {
        var input = """{"comment": "Example for Parameters.", "product": {"details": {"color": "blue", "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}}""";
        var state = """
            "Type": "Pass", "End": true,
            "Parameters": {"comment": "Selecting what I care about.", "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}
            """;
        Asl.JsonEqual("""{"comment": "Selecting what I care about.", "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}""",
            await Asl.OutputAsync(Asl.Single(state), input));
    }

    [Fact]
    public async Task ResultPath_WhenDollar_ShouldReplaceInputWithResult()
    {
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\", \"End\": true"),
            HelloInput, FakeInvoker.Returning(HelloResult));
        Asl.JsonEqual(HelloResult, output);
    }

    [Fact]
    public async Task ResultPath_WhenNull_ShouldDiscardResultAndKeepInput()
    {
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\", \"ResultPath\": null, \"End\": true"),
            HelloInput, FakeInvoker.Returning(HelloResult));
        Asl.JsonEqual(HelloInput, output);
    }

    [Fact]
    public async Task ResultPath_WhenTaskresult_ShouldIncludeResultWithInput()
    {
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\", \"ResultPath\": \"$.taskresult\", \"End\": true"),
            HelloInput, FakeInvoker.Returning(HelloResult));
        Asl.JsonEqual("""{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "taskresult": "Hello, AWS Step Functions!"}""", output);
    }

    [Fact]
    public async Task ResultPath_WhenChildOfExistingNode_ShouldInsertIntoThatNode()
    {
        var input = """{"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz"}, "who": "AWS Step Functions"}""";
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\", \"ResultPath\": \"$.strings.lambdaresult\", \"End\": true"),
            input, FakeInvoker.Returning(HelloResult));
        Asl.JsonEqual("""{"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz", "lambdaresult": "Hello, AWS Step Functions!"}, "who": "AWS Step Functions"}""", output);
    }

    [Fact]
    public async Task InputPathResultPathOutputPath_WhenCombined_ShouldGiveTheDocumentedOutput()
    {
        var input = """{"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}""";
        var invoker = new FakeInvoker((inv, _) => ValueTask.FromResult(System.Text.Json.Nodes.JsonNode.Parse($"\"Hello, {inv.Input!["who"]}!\"")));
        var state = "\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction\", \"InputPath\": \"$.lambda\", \"ResultPath\": \"$.data.lambdaresult\", \"OutputPath\": \"$.data\", \"End\": true";
        var output = await Asl.OutputAsync(Asl.Single(state), input, invoker);
        Asl.JsonEqual("""{"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}""", output);
        Asl.JsonEqual("""{"who": "AWS Step Functions"}""", invoker.Invocations.Single().Input);
    }

    [Fact]
    public async Task ResultSelector_WhenSelectingFromResult_ShouldShapeResultBeforeResultPath()
    {
        var result = """{"resourceType": "elasticmapreduce", "resource": "createCluster.sync", "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "1234"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}""";
        var state = "\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::elasticmapreduce:createCluster.sync\", \"ResultSelector\": {\"ClusterId.$\": \"$.output.ClusterId\", \"ResourceType.$\": \"$.resourceType\"}, \"ResultPath\": \"$.EMROutput\", \"End\": true";
        var output = await Asl.OutputAsync(Asl.Single(state), """{"a": 1}""", FakeInvoker.Returning(result));
        Asl.JsonEqual("""{"a": 1, "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}}""", output);
    }

    [Fact]
    public async Task Parameters_WhenReferencingContextObject_ShouldResolveExecutionAndStateFields()
    {
        var state = "\"Type\": \"Pass\", \"End\": true, \"Parameters\": {\"input.$\": \"$$.Execution.Input\", \"state.$\": \"$$.State.Name\", \"machine.$\": \"$$.StateMachine.Name\", \"entered.$\": \"$$.State.EnteredTime\"}";
        var output = await Asl.OutputAsync(Asl.Single(state), """{"x": 1}""");
        Assert.Equal("""{"x":1}""", output!["input"]!.ToJsonString());
        Assert.Equal("S", output["state"]!.GetValue<string>());
        Assert.Equal("StateMachine", output["machine"]!.GetValue<string>());
        Assert.EndsWith("Z", output["entered"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputPath_WhenNull_ShouldOutputEmptyObject()
    {
        Asl.JsonEqual("{}", await Asl.OutputAsync(Asl.Single("\"Type\": \"Pass\", \"OutputPath\": null, \"End\": true"), """{"a": 1}"""));
    }

    [Fact]
    public async Task InputPath_WhenPathIsMissing_ShouldFailWithStatesRuntime()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Pass\", \"InputPath\": \"$.missing\", \"End\": true"), """{"a": 1}""");
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("$.missing", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_WhenPathIsMissing_ShouldFailWithStatesRuntime()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"$.nope.deeper\"}, \"End\": true"), """{"a": 1}""");
        Assert.Equal("FAILED", result.StatusName);
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ResultPath_WhenInputIsNotAnObject_ShouldFailWithResultPathMatchFailure()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Pass\", \"Result\": 1, \"ResultPath\": \"$.x\", \"End\": true"), "[1, 2]");
        Assert.Equal("States.ResultPathMatchFailure", result.Error);
    }

    [Fact]
    public async Task ResultPath_WhenPassResultIsTheInput_ShouldCopyWithoutCycle()
    {
        var output = await Asl.OutputAsync(Asl.Single("\"Type\": \"Pass\", \"ResultPath\": \"$.copy\", \"End\": true"), """{"a": 1}""");
        Asl.JsonEqual("""{"a": 1, "copy": {"a": 1}}""", output);
    }
}
