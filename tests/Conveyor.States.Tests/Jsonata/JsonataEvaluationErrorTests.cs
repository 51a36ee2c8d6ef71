using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Jsonata;

/// <summary>
/// States.QueryEvaluationError, "query evaluation failed in a JSONata state, such as a JSONata type error, an incorrectly
/// typed result, or an undefined result" (States Language specification); the same fields from JSONPath stay States.Runtime.
/// </summary>
public class JsonataEvaluationErrorTests
{
    [Theory]
    [InlineData("\"Type\": \"Pass\", \"Output\": \"{% $states.input.absent %}\", \"End\": true", "'Output' returned nothing (undefined)")]
    [InlineData("\"Type\": \"Pass\", \"Output\": { \"v\": \"{% $states.input.absent %}\" }, \"End\": true", "'$states.input.absent' specified for the field 'Output/v' returned nothing (undefined)")]
    [InlineData("\"Type\": \"Pass\", \"Output\": { \"a\": { \"b\": [1, \"{% $states.input.absent %}\"] } }, \"End\": true", "'Output/a/b[1]'")]
    [InlineData("\"Type\": \"Pass\", \"Assign\": { \"x\": \"{% $states.input.absent %}\" }, \"End\": true", "'Assign/x'")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"Arguments\": { \"Input\": { \"pushLocation\": \"{% $states.input.pushLocation %}\" } }, \"End\": true", "'Arguments/Input/pushLocation'")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"TimeoutSeconds\": \"{% 'ten' %}\", \"End\": true", "'TimeoutSeconds' must be a number")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"TimeoutSeconds\": \"{% 0 %}\", \"End\": true", "'TimeoutSeconds' must be between 1 and")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"TimeoutSeconds\": \"{% 2.5 %}\", \"End\": true", "'TimeoutSeconds' must be an integer")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"TimeoutSeconds\": \"{% $states.input.absent %}\", \"End\": true", "'TimeoutSeconds' returned nothing")]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"HeartbeatSeconds\": \"{% -1 %}\", \"End\": true", "'HeartbeatSeconds' must be between 1 and")]
    [InlineData("\"Type\": \"Map\", \"Items\": \"{% $states.input %}\", \"ItemProcessor\": { \"StartAt\": \"I\", \"States\": { \"I\": { \"Type\": \"Succeed\" } } }, \"End\": true", "needs an array of items but the field 'Items' gave object")]
    [InlineData("\"Type\": \"Map\", \"Items\": \"{% $states.input.absent %}\", \"ItemProcessor\": { \"StartAt\": \"I\", \"States\": { \"I\": { \"Type\": \"Succeed\" } } }, \"End\": true", "'Items' returned nothing")]
    [InlineData("\"Type\": \"Map\", \"Items\": [1], \"MaxConcurrency\": \"{% -1 %}\", \"ItemProcessor\": { \"StartAt\": \"I\", \"States\": { \"I\": { \"Type\": \"Succeed\" } } }, \"End\": true", "'MaxConcurrency' must be between 0 and")]
    [InlineData("\"Type\": \"Map\", \"Items\": [1], \"MaxConcurrency\": \"{% 'x' %}\", \"ItemProcessor\": { \"StartAt\": \"I\", \"States\": { \"I\": { \"Type\": \"Succeed\" } } }, \"End\": true", "'MaxConcurrency' must be a number")]
    [InlineData("\"Type\": \"Wait\", \"Seconds\": \"{% 'soon' %}\", \"End\": true", "'Seconds' must be a number")]
    [InlineData("\"Type\": \"Wait\", \"Timestamp\": \"{% 42 %}\", \"End\": true", "RFC 3339")]
    [InlineData("\"Type\": \"Fail\", \"Error\": \"{% 42 %}\"", "'Error' must be a string")]
    public async Task RunAsync_WhenAJsonataFieldIsUndefinedOrOfTheWrongType_ShouldFailWithQueryEvaluationError(string state, string cause)
    {
        var invoker = FakeInvoker.Returning("{}");

        var result = await Asl.RunAsync(Asl.Single(state, "JSONata"), """{"items": [1, 2]}""", invoker);

        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Contains(cause, result.Cause, StringComparison.Ordinal);
        Assert.Empty(invoker.Invocations);
    }

    [Theory]
    [InlineData("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:1:function:f\", \"TimeoutSecondsPath\": \"$.text\", \"End\": true")]
    [InlineData("\"Type\": \"Map\", \"ItemsPath\": \"$.object\", \"ItemProcessor\": { \"StartAt\": \"I\", \"States\": { \"I\": { \"Type\": \"Succeed\" } } }, \"End\": true")]
    [InlineData("\"Type\": \"Wait\", \"SecondsPath\": \"$.text\", \"End\": true")]
    public async Task RunAsync_WhenTheSameFieldComesFromAJsonPath_ShouldStayStatesRuntime(string state)
    {
        var result = await Asl.RunAsync(Asl.Single(state), """{"text": "x", "object": {}}""", FakeInvoker.Returning("{}"));

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Choice_WhenAConditionIsUndefined_ShouldFailWithQueryEvaluationErrorNamingTheRule()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "C", "States": {
              "C": { "Type": "Choice", "Choices": [ { "Condition": "{% false %}", "Next": "D" }, { "Condition": "{% $states.input.absent %}", "Next": "D" } ], "Default": "D" },
              "D": { "Type": "Succeed" } } }
            """;

        var result = await Asl.RunAsync(json);

        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Contains("'Choices[1]/Condition' returned nothing (undefined)", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catch_WhenAnExpressionIsUndefined_ShouldCatchQueryEvaluationError()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Arguments": { "id": "{% $states.input.id %}" },
                     "Catch": [ { "ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput.Error %}", "Next": "Done" } ], "End": true },
              "Done": { "Type": "Succeed" } } }
            """;

        Asl.JsonEqual("\"States.QueryEvaluationError\"", await Asl.OutputAsync(json, "{}", FakeInvoker.Returning("{}")));
    }

    [Fact]
    public async Task Output_WhenAnObjectConstructorInsideTheExpressionHasAnUndefinedValue_ShouldDropTheKeyAsJsonataDoes() =>
        Asl.JsonEqual("""{"k": 1}""", await Asl.OutputAsync(Asl.Single("\"Type\": \"Pass\", \"Output\": \"{% {'k': 1, 'gone': $states.input.absent} %}\", \"End\": true", "JSONata")));
}
