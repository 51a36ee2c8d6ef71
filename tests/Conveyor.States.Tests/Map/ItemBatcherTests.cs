using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Map;

/// <summary>
/// ItemBatcher (States Language "Batching Items"; Step Functions' ItemBatcher page): selected items are grouped into
/// <c>{"BatchInput", "Items"}</c> child inputs by MaxItemsPerBatch and MaxInputBytesPerBatch (or their Path forms).
/// </summary>
public sealed class ItemBatcherTests
{
    private static string Machine(string batcher, string? selector = null, string? queryLanguage = null) => $$"""
        { {{(queryLanguage is null ? "" : $"\"QueryLanguage\": \"{queryLanguage}\",")}} "StartAt": "M", "States": { "M": { "Type": "Map", "End": true,
          {{(queryLanguage is null ? "\"ItemsPath\": \"$.items\"," : "\"Items\": \"{% $states.input.items %}\",")}}
          {{(selector is null ? "" : $"\"ItemSelector\": {selector},")}}
          "ItemBatcher": {{batcher}},
          "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }
        """;

    [Fact]
    public async Task Execute_WhenMaxItemsPerBatchAndBatchInputAreSet_ShouldPassEachChildTheBatchShapeAwsSends()
    {
        var json = Machine("""{ "MaxItemsPerBatch": 2, "BatchInput": { "parent.$": "$.parent", "fixed": 1 } }""");

        var output = await Asl.OutputAsync(json, """{"parent": "p1", "items": [{"index":0},{"index":1},{"index":2}]}""");

        Asl.JsonEqual("""
            [ { "BatchInput": { "parent": "p1", "fixed": 1 }, "Items": [ {"index":0}, {"index":1} ] },
              { "BatchInput": { "parent": "p1", "fixed": 1 }, "Items": [ {"index":2} ] } ]
            """, output);
    }

    [Fact]
    public async Task Execute_WhenThereIsNoBatchInput_ShouldPassItemsOnly()
    {
        var output = await Asl.OutputAsync(Machine("""{ "MaxItemsPerBatch": 5 }"""), """{"items": [1, 2, 3]}""");

        Asl.JsonEqual("""[ { "Items": [1, 2, 3] } ]""", output);
    }

    [Fact]
    public async Task Execute_WhenAnItemSelectorIsSet_ShouldSelectEachItemBeforeBatching()
    {
        var json = Machine("""{ "MaxItemsPerBatch": 2 }""", selector: """{ "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "run.$": "$.run" }""");

        var output = await Asl.OutputAsync(json, """{"run": 7, "items": ["a", "b", "c"]}""");

        Asl.JsonEqual("""
            [ { "Items": [ {"i":0,"v":"a","run":7}, {"i":1,"v":"b","run":7} ] },
              { "Items": [ {"i":2,"v":"c","run":7} ] } ]
            """, output);
    }

    [Fact]
    public async Task Execute_WhenMaxInputBytesPerBatchIsSet_ShouldCloseABatchBeforeItsJsonWouldExceedIt()
    {
        // {"Items":[]} is 12 bytes; each item "xxxxxxxxxx" is 12 bytes, plus a comma between items: 12+12 = 24,
        // 24+1+12 = 37, 37+1+12 = 50 > 40 — so two items per batch.
        var json = Machine("""{ "MaxInputBytesPerBatch": 40 }""");

        var output = await Asl.OutputAsync(json, """{"items": ["xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx"]}""");

        Assert.Equal([2, 2, 1], output!.AsArray().Select(b => b!["Items"]!.AsArray().Count));
        Assert.All(output.AsArray(), b => Assert.True(b!.ToJsonString().Length <= 40, b.ToJsonString()));
    }

    [Fact]
    public async Task Execute_WhenBothLimitsAreSet_ShouldCloseABatchAtWhicheverComesFirst()
    {
        var json = Machine("""{ "MaxItemsPerBatch": 3, "MaxInputBytesPerBatch": 40 }""");

        var output = await Asl.OutputAsync(json, """{"items": [1, 2, 3, 4, 5, 6, 7, "xxxxxxxxxxxxxxxxxxxxxxxxx"]}""");

        Assert.Equal([3, 3, 1, 1], output!.AsArray().Select(b => b!["Items"]!.AsArray().Count));
    }

    [Fact]
    public async Task Execute_WhenOneItemAloneIsLargerThanTheByteLimit_ShouldFailWithStatesRuntimeNamingTheItem()
    {
        var result = await Asl.RunAsync(Machine("""{ "MaxInputBytesPerBatch": 20 }"""), """{"items": [1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]}""");

        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("item 1", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WhenTheLimitsComeFromPaths_ShouldReadThemFromTheMapInput()
    {
        var json = Machine("""{ "MaxItemsPerBatchPath": "$.per", "MaxInputBytesPerBatchPath": "$.bytes" }""");

        var output = await Asl.OutputAsync(json, """{"per": 2, "bytes": 1000, "items": [1, 2, 3]}""");

        Asl.JsonEqual("""[ { "Items": [1, 2] }, { "Items": [3] } ]""", output);
    }

    [Fact]
    public async Task Execute_WhenJsonataGivesTheLimitAndBatchInput_ShouldUseThem()
    {
        var json = Machine("""{ "MaxItemsPerBatch": "{% $states.input.per %}", "BatchInput": { "run": "{% $states.input.run %}" } }""", queryLanguage: "JSONata");

        var output = await Asl.OutputAsync(json, """{"per": 2, "run": 9, "items": [1, 2, 3]}""");

        Asl.JsonEqual("""[ { "BatchInput": {"run": 9}, "Items": [1, 2] }, { "BatchInput": {"run": 9}, "Items": [3] } ]""", output);
    }

    [Fact]
    public async Task Execute_WhenNoMaxItemsPerBatchIsSet_ShouldBatchUpTo256KiB()
    {
        var items = string.Join(",", Enumerable.Range(0, 30_000).Select(i => $"\"item-{i:D5}\""));

        var output = await Asl.OutputAsync(Machine("""{ "MaxInputBytesPerBatch": 262144 }"""), $$"""{"items": [{{items}}]}""");

        Assert.Equal(30_000, output!.AsArray().Sum(b => b!["Items"]!.AsArray().Count));
        Assert.Equal(2, output.AsArray().Count);
        Assert.All(output.AsArray(), b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b!.ToJsonString()) <= 262_144));
    }

    [Theory]
    [InlineData("""{ "BatchInput": {} }""", "needs one of 'MaxItemsPerBatch'")]
    [InlineData("""{ "MaxInputBytesPerBatch": 262145 }""", "at most 262144")]
    [InlineData("""{ "MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n" }""", "both 'MaxItemsPerBatch' and 'MaxItemsPerBatchPath'")]
    [InlineData("""{ "MaxItemsPerBatch": 0 }""", "'MaxItemsPerBatch' must be at least 1")]
    [InlineData("""{ "MaxItemsPerBatch": 2, "MaxItems": 3 }""", "unknown field 'MaxItems'")]
    public void Validate_WhenTheItemBatcherIsMalformed_ShouldNameTheProblem(string batcher, string expected)
    {
        var problems = StateMachineDefinition.Validate(Machine(batcher)).Problems;

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
