using Conveyor.States.States;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.States;

public class ChoiceStateTests
{
    private static string Machine(string rule) => $$"""
        { "StartAt": "C", "States": {
          "C": { "Type": "Choice", "Choices": [ { {{rule}}, "Next": "Yes" } ], "Default": "No" },
          "Yes": { "Type": "Pass", "Result": "yes", "End": true },
          "No": { "Type": "Pass", "Result": "no", "End": true } } }
        """;

    private const string Input = """{"s": "abc", "n": 5, "b": true, "t": "2016-03-14T01:59:00Z", "z": null, "other": {"s": "abc", "n": 7, "t": "2017-01-01T00:00:00Z", "b": true}}""";

    [Theory]
    [InlineData("\"Variable\": \"$.s\", \"StringEquals\": \"abc\"", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringEqualsPath\": \"$.other.s\"", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringLessThan\": \"abd\"", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringGreaterThan\": \"abd\"", "no")]
    [InlineData("\"Variable\": \"$.s\", \"StringLessThanEquals\": \"abc\"", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringGreaterThanEqualsPath\": \"$.other.s\"", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericEquals\": 5", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericLessThanPath\": \"$.other.n\"", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericGreaterThan\": 5", "no")]
    [InlineData("\"Variable\": \"$.n\", \"NumericGreaterThanEquals\": 5", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericLessThanEquals\": 4.5", "no")]
    [InlineData("\"Variable\": \"$.s\", \"NumericEquals\": 5", "no")]
    [InlineData("\"Variable\": \"$.b\", \"BooleanEquals\": true", "yes")]
    [InlineData("\"Variable\": \"$.b\", \"BooleanEqualsPath\": \"$.other.b\"", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampEquals\": \"2016-03-14T01:59:00Z\"", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampLessThanPath\": \"$.other.t\"", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampGreaterThan\": \"2016-03-14T01:59:00+01:00\"", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampLessThanEquals\": \"2016-01-01T00:00:00Z\"", "no")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampGreaterThanEquals\": \"2016-03-14T01:59:00Z\"", "yes")]
    [InlineData("\"Variable\": \"$.missing\", \"IsPresent\": false", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"IsPresent\": true", "yes")]
    [InlineData("\"Variable\": \"$.z\", \"IsNull\": true", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"IsNumeric\": true", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"IsString\": true", "yes")]
    [InlineData("\"Variable\": \"$.b\", \"IsBoolean\": true", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"IsTimestamp\": true", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"IsTimestamp\": true", "no")]
    [InlineData("\"Variable\": \"$.missing\", \"IsNull\": true", "no")]
    [InlineData("\"And\": [ {\"Variable\": \"$.n\", \"NumericGreaterThan\": 1}, {\"Variable\": \"$.s\", \"StringEquals\": \"abc\"} ]", "yes")]
    [InlineData("\"Or\": [ {\"Variable\": \"$.n\", \"NumericGreaterThan\": 10}, {\"Variable\": \"$.s\", \"StringEquals\": \"x\"} ]", "no")]
    [InlineData("\"Not\": {\"Variable\": \"$.s\", \"StringEquals\": \"x\"}", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringMatches\": \"a*\"", "yes")]
    public async Task Execute_WhenRuleIsEvaluated_ShouldPickTheExpectedBranch(string rule, string expected)
    {
        var output = await Asl.OutputAsync(Machine(rule), Input);
        Assert.Equal(expected, output!.GetValue<string>());
    }

    [Theory]
    [InlineData("log-*.txt", "log-2024.txt", true)]
    [InlineData("*.log", "app.log", true)]
    [InlineData("*.log", "app.txt", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a\\\\b", "a\\b", true)]
    public void Matches_WhenPatternHasWildcardsOrEscapes_ShouldFollowStringMatches(string pattern, string text, bool expected) =>
        Assert.Equal(expected, ChoiceEvaluator.Matches(text, pattern));

    [Fact]
    public async Task Execute_WhenNothingMatchesAndNoDefault_ShouldFailWithNoChoiceMatched()
    {
        var json = """{ "StartAt": "C", "States": { "C": { "Type": "Choice", "Choices": [ { "Variable": "$.n", "NumericEquals": 1, "Next": "E" } ] }, "E": { "Type": "Succeed" } } }""";
        var result = await Asl.RunAsync(json, """{"n": 2}""");
        Assert.Equal("States.NoChoiceMatched", result.Error);
    }

    [Fact]
    public async Task Execute_WhenComparedVariableIsMissing_ShouldFailWithRuntime()
    {
        var result = await Asl.RunAsync(Machine("\"Variable\": \"$.missing\", \"StringEquals\": \"x\""), "{}");
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Execute_WhenChoiceHasInputAndOutputPath_ShouldFilterPassThroughData()
    {
        var json = """{ "StartAt": "C", "States": { "C": { "Type": "Choice", "InputPath": "$.a", "OutputPath": "$.b", "Choices": [ { "Variable": "$.b", "IsPresent": true, "Next": "E" } ] }, "E": { "Type": "Succeed" } } }""";
        Asl.JsonEqual("2", await Asl.OutputAsync(json, """{"a": {"b": 2}}"""));
    }
}
