using System.Text.Json.Nodes;
using Conveyor.States.Jsonata;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Jsonata;

/// <summary>Regex literals <c>/…/flags</c> with $contains, $split, $match and $replace, against the examples of docs.jsonata.org.</summary>
public class JsonataRegexTests
{
    [Theory]
    [InlineData("""$contains("abracadabra", /a.*a/)""", "true")]
    [InlineData("""$contains("abracadabra", /ar.*a/)""", "false")]
    [InlineData("""$contains("Hello World", /wo/)""", "false")]
    [InlineData("""$contains("Hello World", /wo/i)""", "true")]
    [InlineData("""$contains("line1\nline2", /^line2$/)""", "false")]
    [InlineData("""$contains("line1\nline2", /^line2$/m)""", "true")]
    [InlineData("""$split("too much, punctuation. hard; to read", /[ ,.;]+/)""", """["too", "much", "punctuation", "hard", "to", "read"]""")]
    [InlineData("""$split("too much, punctuation. hard; to read", /[ ,.;]+/, 3)""", """["too", "much", "punctuation"]""")]
    [InlineData("""$match("ababbabbcc", /a(b+)/)""", """[{"match": "ab", "index": 0, "groups": ["b"]}, {"match": "abb", "index": 2, "groups": ["bb"]}, {"match": "abb", "index": 5, "groups": ["bb"]}]""")]
    [InlineData("""$match("ababbabbcc", /a(b+)/, 1)""", """{"match": "ab", "index": 0, "groups": ["b"]}""")]
    [InlineData("""$replace("John Smith and John Jones", "John", "Mr")""", "\"Mr Smith and Mr Jones\"")]
    [InlineData("""$replace("John Smith and John Jones", "John", "Mr", 1)""", "\"Mr Smith and John Jones\"")]
    [InlineData("""$replace("abracadabra", /a.*?a/, "*")""", "\"*c*bra\"")]
    [InlineData("""$replace("John Smith", /(\w+)\s(\w+)/, "$2, $1")""", "\"Smith, John\"")]
    [InlineData("""$replace("265USD", /([0-9]+)USD/, "$$$1")""", "\"$265\"")]
    [InlineData("""$replace("temperature = 68F today", /(\d+)F/, function($m) { ($number($m.groups[0]) - 32) * 5 / 9 & "C" })""", "\"temperature = 20C today\"")]
    [InlineData("""$replace("a/b", /\//, "-")""", "\"a-b\"")]
    [InlineData("""["a1", "b2", "c3"][$contains($, /[ab]/)]""", """["a1", "b2"]""")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("(8) / 2 / 2", "2")]
    [InlineData("[4, 8][1] / 4", "2")]
    public void Evaluate_WhenRegexLiteralsAreUsed_ShouldMatchAsJsonataDoes(string expression, string expected) =>
        Asl.JsonEqual(expected, JsonataExpression.Parse(expression).Evaluate(new JsonObject()));

    [Theory]
    [InlineData("$contains(\"a\", /a)", "S0302")]
    [InlineData("$contains(\"a\", //)", "S0301")]
    [InlineData("$contains(\"a\", /(/)", "S0302")]
    public void Parse_WhenARegexLiteralIsMalformed_ShouldFailWithJsonataCode(string expression, string code)
    {
        Assert.False(JsonataExpression.TryParse(expression, out _, out var error));
        Assert.Contains(code, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""$match("a", "a")""", "T0410")]
    [InlineData("""$replace("abc", /x*/, "-")""", "D1004")]
    [InlineData("""$replace("abc", "", "-")""", "D3010")]
    public void Evaluate_WhenAPatternIsMisused_ShouldFailWithJsonataCode(string expression, string code)
    {
        var ex = Assert.Throws<JsonataException>(() => JsonataExpression.Parse(expression).Evaluate(new JsonObject()));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public async Task Choice_WhenAConditionUsesARegex_ShouldRouteOnIt()
    {
        var json = """
            { "QueryLanguage": "JSONata", "StartAt": "C", "States": {
              "C": { "Type": "Choice", "Choices": [ { "Condition": "{% $contains($states.input.file, /\\.csv$/i) %}", "Next": "Csv" } ], "Default": "Other" },
              "Csv": { "Type": "Pass", "Output": "{% $replace($states.input.file, /^(.*)\\.csv$/i, '$1') %}", "End": true },
              "Other": { "Type": "Fail", "Error": "NotCsv" } } }
            """;

        Asl.JsonEqual("\"imports/customers\"", await Asl.OutputAsync(json, """{"file": "imports/customers.CSV"}"""));
    }
}
