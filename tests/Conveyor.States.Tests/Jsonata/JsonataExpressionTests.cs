using System.Text.Json.Nodes;
using Conveyor.States.Jsonata;

namespace Conveyor.States.Tests.Jsonata;

public class JsonataExpressionTests
{
    private const string Data = """{"order": {"items": [{"name": "a", "price": 2, "qty": 3}, {"name": "b", "price": 5, "qty": 1}], "customer": "Ann"}, "flag": true, "n": 7}""";

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 % 4 - -1", "3")]
    [InlineData("order.customer", "\"Ann\"")]
    [InlineData("order.items.name", "[\"a\",\"b\"]")]
    [InlineData("order.items[0].name", "\"a\"")]
    [InlineData("order.items[-1].name", "\"b\"")]
    [InlineData("order.items[price > 3].name", "\"b\"")]
    [InlineData("$sum(order.items.(price * qty))", "11")]
    [InlineData("\"Hi \" & order.customer & \"!\"", "\"Hi Ann!\"")]
    [InlineData("n > 5 ? \"big\" : \"small\"", "\"big\"")]
    [InlineData("flag and n = 7", "true")]
    [InlineData("flag and n != 7 or false", "false")]
    [InlineData("{\"who\": order.customer, \"count\": $count(order.items)}", "{\"who\":\"Ann\",\"count\":2}")]
    [InlineData("[1, 2, [3, 4]]", "[1,2,[3,4]]")]
    [InlineData("[1..4]", "[1,2,3,4]")]
    [InlineData("\"b\" in order.items.name", "true")]
    [InlineData("missing ? 1 : 2", "2")]
    [InlineData("missing ?? 5", "5")]
    [InlineData("($x := 3; $x * $x)", "9")]
    [InlineData("$map([1, 2, 3], function($v) { $v * 10 })", "[10,20,30]")]
    [InlineData("$map([1, 2], function($v, $i) { $i })", "[0,1]")]
    [InlineData("$filter(order.items, function($i) { $i.qty > 1 }).name", "\"a\"")]
    [InlineData("$reduce([1, 2, 3, 4], function($a, $b) { $a + $b })", "10")]
    [InlineData("order.items.price ~> $max()", "5")]
    [InlineData("$string(5)", "\"5\"")]
    [InlineData("$string({\"a\": [1]})", "\"{\\\"a\\\":[1]}\"")]
    [InlineData("$number(\"12.5\")", "12.5")]
    [InlineData("$boolean(\"\")", "false")]
    [InlineData("$not(flag)", "false")]
    [InlineData("$exists(order.nothing)", "false")]
    [InlineData("$count(order.items)", "2")]
    [InlineData("$min([3, 1, 2])", "1")]
    [InlineData("$average([1, 2, 3])", "2")]
    [InlineData("$keys(order)", "[\"items\",\"customer\"]")]
    [InlineData("$merge([{\"a\": 1}, {\"b\": 2}, {\"a\": 3}])", "{\"a\":3,\"b\":2}")]
    [InlineData("$append([1], [2, 3])", "[1,2,3]")]
    [InlineData("$join([\"a\", \"b\"], \"-\")", "\"a-b\"")]
    [InlineData("$split(\"a,b,c\", \",\")", "[\"a\",\"b\",\"c\"]")]
    [InlineData("$substring(\"Hello World\", 3, 5)", "\"lo Wo\"")]
    [InlineData("$uppercase(\"abc\") & $lowercase(\"DEF\")", "\"ABCdef\"")]
    [InlineData("$length(\"hello\")", "5")]
    [InlineData("$contains(\"abracadabra\", \"cad\")", "true")]
    [InlineData("$sort([3, 1, 2])", "[1,2,3]")]
    [InlineData("$reverse([1, 2, 3])", "[3,2,1]")]
    [InlineData("$partition([1, 2, 3, 4, 5], 2)", "[[1,2],[3,4],[5]]")]
    [InlineData("$range(0, 10, 5)", "[0,5,10]")]
    [InlineData("$hash(\"input data\", \"SHA-1\")", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("$parse(\"{\\\"a\\\": [1, 2]}\").a[1]", "2")]
    [InlineData("order.*", "[{\"name\":\"a\",\"price\":2,\"qty\":3},{\"name\":\"b\",\"price\":5,\"qty\":1},\"Ann\"]")]
    public void Evaluate_WhenExpressionIsSupported_ShouldMatchJsonataSemantics(string expression, string expected)
    {
        var result = JsonataExpression.Parse(expression).Evaluate(JsonNode.Parse(Data));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"{expression} gave {result?.ToJsonString() ?? "undefined"}");
    }

    [Fact]
    public void Evaluate_WhenRandomAndUuid_ShouldProduceFreshValues()
    {
        var random = JsonataExpression.Parse("$random()").Evaluate(null)!.GetValue<double>();
        Assert.InRange(random, 0, 1);
        Assert.True(Guid.TryParse(JsonataExpression.Parse("$uuid()").Evaluate(null)!.GetValue<string>(), out _));
    }

    [Theory]
    [InlineData("1 +")]
    [InlineData("(1")]
    [InlineData("\"unterminated")]
    [InlineData("{\"a\" 1}")]
    public void TryParse_WhenSyntaxIsInvalid_ShouldReportError(string expression)
    {
        Assert.False(JsonataExpression.TryParse(expression, out _, out var error));
        Assert.NotNull(error);
    }
}
