using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Execution;

/// <summary>
/// A System.Text.Json node can have one parent only. Outputs that are part of a state's input (OutputPath, a JSONata
/// sub-expression, an echoing task) must still be usable by callers, and values shared between iterations must be copied.
/// </summary>
public class NodeOwnershipTests
{
    [Theory]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "OutputPath": "$.a", "End": true } } }""", """{"a": 5}""", "5")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "OutputPath": "$.a", "End": true } } }""", """{"a": {"b": [1, 2]}}""", """{"b": [1, 2]}""")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "InputPath": "$.a.b", "End": true } } }""", """{"a": {"b": [1, 2]}}""", "[1, 2]")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Succeed", "OutputPath": "$.a" } } }""", """{"a": {"b": 1}}""", """{"b": 1}""")]
    [InlineData("""{ "StartAt": "C", "States": { "C": { "Type": "Choice", "Choices": [ { "Variable": "$.a.b", "NumericEquals": 2, "Next": "D" } ], "Default": "D", "OutputPath": "$.a" }, "D": { "Type": "Succeed" } } }""", """{"a": {"b": 1}}""", """{"b": 1}""")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "ResultPath": "$.c", "OutputPath": "$.c", "End": true } } }""", """{"a": 1}""", """{"a": 1}""")]
    [InlineData("""{ "QueryLanguage": "JSONata", "StartAt": "P", "States": { "P": { "Type": "Pass", "Output": "{% $states.input.a %}", "End": true } } }""", """{"a": {"b": 1}}""", """{"b": 1}""")]
    [InlineData("""{ "QueryLanguage": "JSONata", "StartAt": "P", "States": { "P": { "Type": "Pass", "Output": "{% $states.input %}", "End": true } } }""", """{"a": 1}""", """{"a": 1}""")]
    [InlineData("""{ "QueryLanguage": "JSONata", "StartAt": "P", "States": { "P": { "Type": "Pass", "Output": "{% [$states.input, $states.input] %}", "End": true } } }""", """{"a": 1}""", """[{"a": 1}, {"a": 1}]""")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "Parameters": { "both.$": "States.Array($, $)" }, "End": true } } }""", """{"a": 1}""", """{"both": [{"a": 1}, {"a": 1}]}""")]
    [InlineData("""{ "StartAt": "M", "States": { "M": { "Type": "Map", "ItemsPath": "$.a", "ItemProcessor": { "StartAt": "I", "States": { "I": { "Type": "Pass", "OutputPath": "$.v", "End": true } } }, "OutputPath": "$[0]", "End": true } } }""", """{"a": [{"v": {"x": 1}}]}""", """{"x": 1}""")]
    [InlineData("""{ "StartAt": "B", "States": { "B": { "Type": "Parallel", "Branches": [ { "StartAt": "I", "States": { "I": { "Type": "Pass", "OutputPath": "$.a", "End": true } } } ], "OutputPath": "$[0]", "End": true } } }""", """{"a": {"x": 1}}""", """{"x": 1}""")]
    public async Task RunAsync_WhenTheOutputIsPartOfTheInput_ShouldReturnAnOutputCallersCanAdopt(string definition, string input, string expected)
    {
        var result = await Asl.RunAsync(definition, input);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Asl.JsonEqual(expected, result.Output);
        var adopted = new JsonObject { ["output"] = result.Output };
        Asl.JsonEqual(expected, adopted["output"]);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:1:function:echo")]
    [InlineData("arn:aws:states:::lambda:invoke")]
    public async Task Task_WhenTheInvokerReturnsItsOwnPayload_ShouldReturnAnOutputCallersCanAdopt(string resource)
    {
        var invoker = new FakeInvoker((invocation, _) => ValueTask.FromResult(invocation.Payload));
        var definition = $$"""{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "{{resource}}", "Parameters": { "FunctionName": "echo", "Payload": { "x.$": "$.x" } }, "OutputPath": "$", "End": true } } }""";

        var result = await Asl.RunAsync(definition, """{"x": {"y": 1}}""", invoker);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        _ = new JsonObject { ["output"] = result.Output };
    }

    [Fact]
    public async Task Map_WhenAJsonataItemSelectorUsesTheSharedMapInputConcurrently_ShouldGiveEveryIterationItsOwnCopy()
    {
        var definition = """
            { "QueryLanguage": "JSONata", "StartAt": "M", "States": { "M": { "Type": "Map", "Items": "{% $states.input.items %}", "MaxConcurrency": 0,
              "ItemSelector": { "all": "{% $states.input %}", "value": "{% $states.context.Map.Item.Value %}" },
              "ItemProcessor": { "StartAt": "I", "States": { "I": { "Type": "Pass", "Output": "{% $states.input.value + $count($states.input.all.items) %}", "End": true } } },
              "End": true } } }
            """;
        var input = new JsonObject { ["items"] = new JsonArray(Enumerable.Range(0, 200).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) };
        var options = new StateMachineRunnerOptions { NoWait = true, UnboundedMapConcurrency = 16 };

        var result = await new StateMachineRunner(Asl.Load(definition), options).RunAsync(input);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Asl.JsonEqual(new JsonArray(Enumerable.Range(200, 200).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()).ToJsonString(), result.Output);
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$.a")]
    [InlineData("[$, $]")]
    [InlineData("{'x': $, 'y': $.a}")]
    public void Jsonata_WhenTheResultIsTheInputOrPartOfIt_ShouldReturnACopyThatNeverAliasesTheInput(string expression)
    {
        var input = new JsonObject { ["a"] = new JsonObject { ["b"] = 1 } };

        var output = Conveyor.States.Jsonata.JsonataExpression.Parse(expression).Evaluate(input);

        _ = new JsonObject { ["output"] = output };
        Assert.Null(input.Parent);
        Asl.JsonEqual("""{"a": {"b": 1}}""", input);
    }
}
