using System.Text.Json;
using Conveyor.Core.Queries;
using Conveyor.Core.Testing;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryQueryEngineTests
{
    private readonly InMemoryQueryEngine _engine = new();

    public InMemoryQueryEngineTests()
    {
        for (var i = 1; i <= 7; i++)
        {
            _engine.Put("customers", Json($$"""{"id":"c-{{i}}","status":"{{(i % 2 == 0 ? "ACTIVE" : "NEW")}}","n":{{i}}}"""));
        }
    }

    [Fact]
    public async Task QueryByIdAsync_WhenItemExistsAndFilterMatches_ShouldReturnIt()
    {
        var filter = new QueryFilter("#s = :s", Values("""{":s":"ACTIVE"}"""), new Dictionary<string, string> { ["#s"] = "status" });

        var page = await _engine.QueryByIdAsync("customers", "c-2", filter, new QueryPaging(), CancellationToken.None);

        Assert.Equal("c-2", Assert.Single(page.Items).GetProperty("id").GetString());
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task QueryByIdAsync_WhenFilterDoesNotMatch_ShouldReturnEmpty()
    {
        var filter = new QueryFilter("n > :n", Values("""{":n":5}"""));

        var page = await _engine.QueryByIdAsync("customers", "c-2", filter, new QueryPaging(), CancellationToken.None);

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task QueryByIdAsync_WhenIdAbsentOrNoFilter_ShouldReturnEmptyOrTheItem()
    {
        var absent = await _engine.QueryByIdAsync("customers", "c-99", null, new QueryPaging(), CancellationToken.None);
        var present = await _engine.QueryByIdAsync("customers", "c-3", null, new QueryPaging(), CancellationToken.None);

        Assert.Empty(absent.Items);
        Assert.Single(present.Items);
    }

    [Fact]
    public async Task ScanAsync_WhenPaging_ShouldReturnEveryMatchOnceInIdOrder()
    {
        var filter = new QueryFilter("#s = :s", Values("""{":s":"NEW"}"""), new Dictionary<string, string> { ["#s"] = "status" });
        var ids = new List<string>();
        string? token = null;
        var pages = 0;

        do
        {
            var page = await _engine.ScanAsync("customers", filter, new QueryPaging(2, token), CancellationToken.None);
            ids.AddRange(page.Items.Select(i => i.GetProperty("id").GetString()!));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["c-1", "c-3", "c-5", "c-7"], ids);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ScanAsync_WhenTokenIsForeign_ShouldThrowValidationException()
    {
        var filter = new QueryFilter("attribute_exists(id)", new Dictionary<string, JsonElement>());

        await Assert.ThrowsAsync<ValidationException>(
            () => _engine.ScanAsync("customers", filter, new QueryPaging(2, "not-a-token"), CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_WhenTokenFromAnotherTable_ShouldThrowValidationException()
    {
        var filter = new QueryFilter("attribute_exists(id)", new Dictionary<string, JsonElement>());
        _engine.Put("orders", Json("""{"id":"o-1"}"""));
        _engine.Put("orders", Json("""{"id":"o-2"}"""));
        var first = await _engine.ScanAsync("orders", filter, new QueryPaging(1), CancellationToken.None);

        await Assert.ThrowsAsync<ValidationException>(
            () => _engine.ScanAsync("customers", filter, new QueryPaging(1, first.ContinuationToken), CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_WhenFilterInvalid_ShouldThrowValidationException()
    {
        var filter = new QueryFilter("n >", new Dictionary<string, JsonElement>());

        await Assert.ThrowsAsync<ValidationException>(() => _engine.ScanAsync("customers", filter, new QueryPaging(), CancellationToken.None));
    }

    [Fact]
    public void Put_WhenItemHasNoStringId_ShouldThrowValidationException()
    {
        Assert.Throws<ValidationException>(() => _engine.Put("customers", Json("""{"id":1}""")));
    }

    [Fact]
    public async Task Put_WhenIdExists_ShouldReplaceTheItem()
    {
        _engine.Put("customers", Json("""{"id":"c-1","status":"GONE"}"""));

        var page = await _engine.QueryByIdAsync("customers", "c-1", null, new QueryPaging(), CancellationToken.None);

        Assert.Equal("GONE", Assert.Single(page.Items).GetProperty("status").GetString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static Dictionary<string, JsonElement> Values(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
