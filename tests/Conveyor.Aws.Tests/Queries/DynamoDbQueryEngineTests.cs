using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.Queries;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Queries;

[Collection("moto")]
public sealed class DynamoDbQueryEngineTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Table = "orders-read-model";
    private readonly AmazonDynamoDBClient _dynamo = MotoClients.DynamoDb(moto.Server);
    private DynamoDbQueryEngine? _engine;

    private DynamoDbQueryEngine Engine => _engine!;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        await _dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = Table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("id", ScalarAttributeType.S), new("line", ScalarAttributeType.N)],
            KeySchema = [new("id", KeyType.HASH), new("line", KeyType.RANGE)],
        });
        foreach (var (id, line) in new[] { ("order-1", 1), ("order-1", 2), ("order-1", 3), ("order-1", 4), ("order-1", 5), ("order-2", 1), ("order-2", 2) })
        {
            await _dynamo.PutItemAsync(Table, new Dictionary<string, AttributeValue>
            {
                ["id"] = new() { S = id },
                ["line"] = new() { N = line.ToString(CultureInfo.InvariantCulture) },
                ["status"] = new() { S = line % 2 == 0 ? "SHIPPED" : "OPEN" },
                ["amount"] = new() { N = (line * 10.5m).ToString(CultureInfo.InvariantCulture) },
                ["gift"] = new() { BOOL = line == 1 },
                ["address"] = new() { M = new() { ["city"] = new() { S = "Lyon" }, ["tags"] = new() { L = [new() { S = "a" }, new() { NULL = true }] } } },
            });
        }

        _engine = new DynamoDbQueryEngine(_dynamo, new DynamoDbQueryEngineOptions { Retry = AwsRetryOptions.NoDelay(2) });
    }

    public Task DisposeAsync()
    {
        _dynamo.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task QueryByIdAsync_WhenFilterHasNamesAndValues_ShouldReturnMatchingItemsAsJson()
    {
        var filter = new QueryFilter("#status = :s AND amount >= :min", Values(("s", "\"OPEN\""), ("min", "20")), new Dictionary<string, string> { ["#status"] = "status" });

        var page = await Engine.QueryByIdAsync(Table, "order-1", filter, new QueryPaging(), CancellationToken.None);

        Assert.Equal([3, 5], page.Items.Select(i => i.GetProperty("line").GetInt32()));
        Assert.Null(page.ContinuationToken);
        var item = page.Items[0];
        Assert.Equal(31.5m, item.GetProperty("amount").GetDecimal());
        Assert.Equal(JsonValueKind.False, item.GetProperty("gift").ValueKind);
        Assert.Equal("Lyon", item.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("address").GetProperty("tags")[1].ValueKind);
    }

    [Fact]
    public async Task QueryByIdAsync_WhenPagedByTwo_ShouldReturnEveryItemOnceThenNullToken()
    {
        var lines = new List<int>();
        string? token = null;
        var rounds = 0;
        do
        {
            var page = await Engine.QueryByIdAsync(Table, "order-1", null, new QueryPaging(2, token), CancellationToken.None);
            Assert.True(page.Items.Count <= 2);
            lines.AddRange(page.Items.Select(i => i.GetProperty("line").GetInt32()));
            token = page.ContinuationToken;
        }
        while (token is not null && ++rounds < 10);

        Assert.Equal([1, 2, 3, 4, 5], lines);
    }

    [Fact]
    public async Task ScanAsync_WhenFilteredAndPaged_ShouldCollectAllMatchesAcrossIds()
    {
        var filter = new QueryFilter("#s = :shipped", Values(("shipped", "\"SHIPPED\"")), new Dictionary<string, string> { ["#s"] = "status" });
        var found = new List<string>();
        string? token = null;
        var rounds = 0;
        do
        {
            var page = await Engine.ScanAsync(Table, filter, new QueryPaging(3, token), CancellationToken.None);
            found.AddRange(page.Items.Select(i => $"{i.GetProperty("id").GetString()}/{i.GetProperty("line").GetInt32()}"));
            token = page.ContinuationToken;
        }
        while (token is not null && ++rounds < 10);

        Assert.Equal(["order-1/2", "order-1/4", "order-2/2"], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryByIdAsync_WhenTokenIsForeignOrMalformed_ShouldThrowValidation()
    {
        var first = await Engine.QueryByIdAsync(Table, "order-1", null, new QueryPaging(1), CancellationToken.None);

        await Assert.ThrowsAsync<ValidationException>(() => Engine.QueryByIdAsync(Table, "order-2", null, new QueryPaging(1, first.ContinuationToken), CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Engine.ScanAsync(Table, new QueryFilter("attribute_exists(id)", Values()), new QueryPaging(1, first.ContinuationToken), CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Engine.QueryByIdAsync(Table, "order-1", null, new QueryPaging(1, "bm90LWEtdG9rZW4"), CancellationToken.None));
    }

    private static Dictionary<string, JsonElement> Values(params (string Name, string Json)[] values) =>
        values.ToDictionary(v => ":" + v.Name, v => JsonDocument.Parse(v.Json).RootElement.Clone());
}
