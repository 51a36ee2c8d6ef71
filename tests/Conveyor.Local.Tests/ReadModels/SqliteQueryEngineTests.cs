using System.Text.Json;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;
using Conveyor.Local.ReadModels;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.ReadModels;

public sealed class SqliteQueryEngineTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private SqliteQueryEngine _engine = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _engine = new SqliteQueryEngine(_folder.Database);
        for (var i = 0; i < 10; i++)
        {
            var item = JsonDocument.Parse($$"""{"id":"c{{i % 2}}","sk":"o{{i:D2}}","status":"{{(i % 3 == 0 ? "open" : "closed")}}","n":{{i}}}""").RootElement;
            await _engine.PutAsync("orders", $"c{i % 2}", $"o{i:D2}", item, CancellationToken.None);
        }
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    private static QueryFilter StatusIs(string status) =>
        new("#s = :s", new Dictionary<string, JsonElement> { [":s"] = JsonDocument.Parse($"\"{status}\"").RootElement }, new Dictionary<string, string> { ["#s"] = "status" });

    [Fact]
    public async Task QueryByIdAsync_WhenPaged_ShouldReturnThatIdsItemsInSortOrderAcrossPages()
    {
        var first = await _engine.QueryByIdAsync("orders", "c0", null, new QueryPaging(3), CancellationToken.None);
        var second = await _engine.QueryByIdAsync("orders", "c0", null, new QueryPaging(3, first.ContinuationToken), CancellationToken.None);

        Assert.Equal([0, 2, 4], first.Items.Select(i => i.GetProperty("n").GetInt32()));
        Assert.Equal([6, 8], second.Items.Select(i => i.GetProperty("n").GetInt32()));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task ScanAsync_WhenFiltered_ShouldReturnOnlyMatchingItems()
    {
        var page = await _engine.ScanAsync("orders", StatusIs("open"), new QueryPaging(50), CancellationToken.None);

        Assert.Equal([0, 6, 3, 9], page.Items.Select(i => i.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task ScanAsync_WhenTokenBelongsToAnotherTable_ShouldThrowValidation()
    {
        var page = await _engine.ScanAsync("orders", StatusIs("closed"), new QueryPaging(1), CancellationToken.None);

        await Assert.ThrowsAsync<ValidationException>(() => _engine.ScanAsync("customers", StatusIs("closed"), new QueryPaging(1, page.ContinuationToken), CancellationToken.None));
    }
}
