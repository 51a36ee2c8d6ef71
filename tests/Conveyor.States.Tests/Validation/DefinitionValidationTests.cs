using Conveyor.States.Definition;

namespace Conveyor.States.Tests.Validation;

public class DefinitionValidationTests
{
    private static IReadOnlyList<string> Problems(string json) => StateMachineDefinition.Validate(json).Problems;

    [Theory]
    [InlineData("{ \"StartAt\": ", "not valid JSON")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Magic", "End": true } } }""", "unknown state type 'Magic'")]
    [InlineData("""{ "States": { "A": { "Type": "Pass", "End": true } } }""", "missing required field 'StartAt'")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass" } } }""", "State 'A': must have either 'Next' or 'End'")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Nowhere" } } }""", "transitions to 'Nowhere'")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "End": true }, "B": { "Type": "Pass", "End": true } } }""", "State 'B': is not reachable")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "B" }, "B": { "Type": "Pass", "Next": "A" } } }""", "form a cycle with no path")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "InputPath": "$.a[", "End": true } } }""", "State 'A': 'InputPath': Invalid JSONPath")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "ResultPath": "$.a[*]", "End": true } } }""", "must be a reference path")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Parameters": { "x.$": "States.Format('{}', $.a" }, "End": true } } }""", "Invalid intrinsic function")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Parameters": { "x.$": "States.Nope(1)" }, "End": true } } }""", "unknown function 'States.Nope'")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Succeed", "Resource": "x" } } }""", "field 'Resource' is not allowed in a Succeed state")]
    [InlineData("""{ "QueryLanguage": "JSONata", "StartAt": "A", "States": { "A": { "Type": "Pass", "InputPath": "$", "End": true } } }""", "'InputPath' is not supported with QueryLanguage JSONata")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Output": {}, "End": true } } }""", "'Output' requires QueryLanguage JSONata")]
    [InlineData("""{ "QueryLanguage": "JSONata", "StartAt": "A", "States": { "A": { "Type": "Pass", "Output": "{% 1 + %}", "End": true } } }""", "Invalid JSONata expression")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "r", "End": true, "Retry": [ { "ErrorEquals": ["States.ALL"] }, { "ErrorEquals": ["X"] } ] } } }""", "'States.ALL' must appear alone")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "r", "End": true, "Catch": [ { "ErrorEquals": ["States.ALL", "X"], "Next": "A" } ] } } }""", "'States.ALL' must appear alone")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Choice", "Choices": [ { "Variable": "$.a", "NumericEquals": "1", "Next": "B" } ] }, "B": { "Type": "Succeed" } } }""", "wrong type")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Wait", "End": true } } }""", "exactly one of Seconds")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Map", "End": true, "ItemReader": { "Resource": "arn:aws:states:::s3:getObject" }, "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }""", "'ItemReader' requires ProcessorConfig.Mode DISTRIBUTED")]
    [InlineData("""{ "StartAt": "A", "States": { "A": { "Type": "Parallel", "End": true, "Branches": [ { "StartAt": "X", "States": { "X": { "Type": "Pass", "Next": "A" } } } ] } } }""", "transitions to 'A', which is not a state in the same scope")]
    public void Validate_WhenDefinitionIsInvalid_ShouldReportAClearProblem(string json, string expected)
    {
        var problems = Problems(json);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenDefinitionIsValid_ShouldReportNothing()
    {
        var json = """
            { "Comment": "ok", "StartAt": "A", "States": {
              "A": { "Type": "Choice", "Choices": [ { "Variable": "$.n", "NumericGreaterThan": 1, "Next": "B" } ], "Default": "C" },
              "B": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Retry": [ { "ErrorEquals": ["States.ALL"] } ], "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "C" } ], "Next": "D" },
              "C": { "Type": "Fail", "Error": "E" },
              "D": { "Type": "Succeed" } } }
            """;
        Assert.Empty(Problems(json));
    }

    [Fact]
    public void Validate_WhenLoopHasAChoiceExit_ShouldAcceptIt()
    {
        var json = """
            { "StartAt": "A", "States": {
              "A": { "Type": "Pass", "Next": "B" },
              "B": { "Type": "Choice", "Choices": [ { "Variable": "$.done", "BooleanEquals": true, "Next": "End" } ], "Default": "A" },
              "End": { "Type": "Succeed" } } }
            """;
        Assert.Empty(Problems(json));
    }
}
