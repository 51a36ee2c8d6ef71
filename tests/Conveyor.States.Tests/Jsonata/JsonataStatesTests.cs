using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Jsonata;

public class JsonataStatesTests
{
    [Fact]
    public async Task Task_WhenArgumentsAndOutputUseStatesVariables_ShouldShapeInvocationAndOutput()
    {
        var invoker = FakeInvoker.Returning("""{"total": 42}""");
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": { "FunctionName": "calc", "Payload": { "id": "{% $states.input.id %}", "name": "{% $states.context.State.Name %}" } },
              "Output": { "total": "{% $states.result.Payload.total %}", "id": "{% $states.input.id %}" }, "End": true } } }
            """;
        Asl.JsonEqual("""{"total": 42, "id": 9}""", await Asl.OutputAsync(json, """{"id": 9}""", invoker));
        Asl.JsonEqual("""{"id": 9, "name": "T"}""", invoker.Invocations.Single().Payload);
    }

    [Fact]
    public async Task Assign_WhenSetInOneStateAndReadLater_ShouldBeVisibleAsVariables()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Assign": { "x": "{% $states.input.n * 2 %}", "label": "static" }, "Next": "B" },
              "B": { "Type": "Pass", "Output": { "x": "{% $x %}", "label": "{% $label %}" }, "End": true } } }
            """;
        Asl.JsonEqual("""{"x": 6, "label": "static"}""", await Asl.OutputAsync(json, """{"n": 3}"""));
    }

    [Fact]
    public async Task Assign_WhenOutputAndAssignInSameState_ShouldSeeOldVariableValues()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Assign": { "x": 1 }, "Next": "B" },
              "B": { "Type": "Pass", "Assign": { "x": "{% $x + 1 %}" }, "Output": "{% $x %}", "Next": "C" },
              "C": { "Type": "Pass", "Output": "{% $x %}", "End": true } } }
            """;
        var result = await Asl.OutputAsync(json);
        Asl.JsonEqual("2", result);
    }

    [Fact]
    public async Task Choice_WhenConditionsAreJsonata_ShouldRouteAndAssign()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "C", "States": {
              "C": { "Type": "Choice", "Choices": [ { "Condition": "{% $states.input.n > 5 %}", "Assign": { "route": "big" }, "Next": "E" } ], "Default": "E" },
              "E": { "Type": "Pass", "Output": "{% $route %}", "End": true } } }
            """;
        Asl.JsonEqual("\"big\"", await Asl.OutputAsync(json, """{"n": 6}"""));
    }

    [Fact]
    public async Task Map_WhenItemsAndItemSelectorAreJsonata_ShouldUseContextItem()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "M", "States": { "M": { "Type": "Map", "Items": "{% $states.input.list %}",
              "ItemSelector": { "v": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}" },
              "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "Output": "{% $states.input.v & '-' & $states.input.i %}", "End": true } } },
              "End": true } } }
            """;
        Asl.JsonEqual("""["a-0", "b-1"]""", await Asl.OutputAsync(json, """{"list": ["a", "b"]}"""));
    }

    [Fact]
    public async Task Catch_WhenJsonata_ShouldExposeErrorOutput()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
                     "Catch": [ { "ErrorEquals": ["States.ALL"], "Output": { "failed": "{% $states.errorOutput.Error %}" }, "Next": "H" } ] },
              "H": { "Type": "Pass", "End": true } } }
            """;
        var invoker = new FakeInvoker((_, _) => throw new Conveyor.States.Errors.TaskFailedException("Nope", "x"));
        Asl.JsonEqual("""{"failed": "Nope"}""", await Asl.OutputAsync(json, "{}", invoker));
    }

    [Fact]
    public async Task Fail_WhenErrorIsJsonata_ShouldEvaluate()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Fail\", \"Error\": \"{% 'E' & $states.input.code %}\", \"Cause\": \"c\"", "JSONata"), """{"code": 7}""");
        Assert.Equal("E7", result.Error);
    }

    [Fact]
    public async Task Evaluate_WhenExpressionFails_ShouldFailWithQueryEvaluationError()
    {
        var result = await Asl.RunAsync(Asl.Single("\"Type\": \"Pass\", \"Output\": \"{% 'a' + 1 %}\", \"End\": true", "JSONata"));
        Assert.Equal("States.QueryEvaluationError", result.Error);
    }

    [Fact]
    public async Task State_WhenPerStateJsonataInJsonPathMachine_ShouldUseJsonata()
    {
        var json = """
            { "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Parameters": { "v.$": "$.n" }, "Next": "B" },
              "B": { "Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.v + 1 %}", "End": true } } }
            """;
        Asl.JsonEqual("2", await Asl.OutputAsync(json, """{"n": 1}"""));
    }
}
