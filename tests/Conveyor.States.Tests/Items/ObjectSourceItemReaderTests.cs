using System.Text.Json.Nodes;
using Conveyor.States.Items;

namespace Conveyor.States.Tests.Items;

public sealed class ObjectSourceItemReaderTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory();

    public ObjectSourceItemReaderTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "b", "in"));
        File.WriteAllText(Path.Combine(_root.FullName, "b", "in", "items.json"), """[{"a": 1}, {"a": 2}]""");
        File.WriteAllText(Path.Combine(_root.FullName, "b", "in", "items.jsonl"), "{\"a\": 1}\n{\"a\": 2}\n\n");
        File.WriteAllText(Path.Combine(_root.FullName, "b", "in", "given.csv"), "1,\"x, y\"\n2,z\n");
    }

    public void Dispose() => _root.Delete(true);

    private Task<JsonArray> ReadAsync(string resource, string arguments, string? config = null) =>
        new ObjectSourceItemReader(new FolderObjectSource(_root.FullName))
            .ReadItemsAsync(new ItemReaderRequest(resource, JsonNode.Parse(arguments), config is null ? null : JsonNode.Parse(config)!.AsObject()), default).AsTask();

    [Fact]
    public async Task ReadItemsAsync_WhenJsonArray_ShouldReturnItems() =>
        Assert.Equal("""[{"a":1},{"a":2}]""", (await ReadAsync("arn:aws:states:::s3:getObject", """{"Bucket": "b", "Key": "in/items.json"}""", """{"InputType": "JSON"}""")).ToJsonString());

    [Fact]
    public async Task ReadItemsAsync_WhenJsonLines_ShouldReturnOneItemPerLine() =>
        Assert.Equal(2, (await ReadAsync("arn:aws:states:::s3:getObject", """{"Bucket": "b", "Key": "in/items.jsonl"}""", """{"InputType": "JSONL"}""")).Count);

    [Fact]
    public async Task ReadItemsAsync_WhenCsvWithGivenHeadersAndQuotes_ShouldMapColumns() =>
        Assert.Equal("""[{"id":"1","name":"x, y"},{"id":"2","name":"z"}]""",
            (await ReadAsync("arn:aws:states:::s3:getObject", """{"Bucket": "b", "Key": "in/given.csv"}""", """{"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "name"]}""")).ToJsonString());

    [Fact]
    public async Task ReadItemsAsync_WhenListObjectsV2_ShouldListKeysUnderPrefix()
    {
        var items = await ReadAsync("arn:aws:states:::s3:listObjectsV2", """{"Bucket": "b", "Prefix": "in/items"}""");
        Assert.Equal(["in/items.json", "in/items.jsonl"], items.Select(i => i!["Key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ReadItemsAsync_WhenObjectIsMissing_ShouldThrow() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync("arn:aws:states:::s3:getObject", """{"Bucket": "b", "Key": "nope.json"}"""));
}
