using System.Text.Json.Nodes;
using Conveyor.States.Paths;

namespace Conveyor.States.Tests.Paths;

public class JsonPathTests
{
    private const string Store = """{"store": {"book": [{"category": "fiction", "price": 8.95, "title": "A"}, {"category": "reference", "price": 12.99, "title": "B"}, {"category": "fiction", "price": 22.99, "title": "C", "isbn": "x"}]}, "a.b": 1}""";

    [Theory]
    [InlineData("$.store.book[0].title", "\"A\"")]
    [InlineData("$.store.book[-1].title", "\"C\"")]
    [InlineData("$['store']['book'][1]['title']", "\"B\"")]
    [InlineData("$['a.b']", "1")]
    [InlineData("$.store.book[*].title", "[\"A\",\"B\",\"C\"]")]
    [InlineData("$.store.book[0:2].title", "[\"A\",\"B\"]")]
    [InlineData("$..title", "[\"A\",\"B\",\"C\"]")]
    [InlineData("$.store.book[?(@.price < 10)].title", "[\"A\"]")]
    [InlineData("$.store.book[?(@.category == 'fiction' && @.price > 10)].title", "[\"C\"]")]
    [InlineData("$.store.book[?(@.isbn)].title", "[\"C\"]")]
    [InlineData("$.store.book[0,2].title", "[\"A\",\"C\"]")]
    public void TryEvaluate_WhenPathMatches_ShouldReturnTheSelection(string path, string expected)
    {
        Assert.True(JsonPathEvaluator.TryEvaluate(JsonPath.Parse(path), JsonNode.Parse(Store), out var result));
        Assert.Equal(expected, result?.ToJsonString());
    }

    [Theory]
    [InlineData("$.store.nothing")]
    [InlineData("$.store.book[7]")]
    public void TryEvaluate_WhenDefinitePathIsMissing_ShouldReturnFalse(string path)
    {
        Assert.False(JsonPathEvaluator.TryEvaluate(JsonPath.Parse(path), JsonNode.Parse(Store), out _));
    }

    [Theory]
    [InlineData("store.book")]
    [InlineData("$.store[")]
    [InlineData("$.store.book[?(@.price <)]")]
    [InlineData("$..")]
    public void TryParse_WhenSyntaxIsInvalid_ShouldReportAnError(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenVariableOrContext_ShouldRecordTheRoot()
    {
        Assert.Equal(PathRootKind.Variable, JsonPath.Parse("$myVar.a").RootKind);
        Assert.Equal("myVar", JsonPath.Parse("$myVar.a").VariableName);
        Assert.Equal(PathRootKind.Context, JsonPath.Parse("$$.Execution.Input").RootKind);
        Assert.True(JsonPath.Parse("$.a[0].b").IsDefinite);
        Assert.False(JsonPath.Parse("$.a[*]").IsDefinite);
    }
}
