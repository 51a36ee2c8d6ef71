using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Items;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Map;

public class MapStateTests
{
    [Fact]
    public async Task Execute_WhenMaxConcurrencyZeroOver10000Items_ShouldReturnResultsInInputOrder()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "MaxConcurrency": 0, "ItemsPath": "$.items", "End": true,
              "ItemSelector": { "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value" },
              "ItemProcessor": { "StartAt": "W", "States": {
                "W": { "Type": "Wait", "Seconds": 0, "Next": "P" },
                "P": { "Type": "Pass", "Parameters": { "index.$": "$.i", "double.$": "States.MathAdd($.v, $.v)" }, "End": true } } } } } }
            """;
        var items = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        var result = await new StateMachineRunner(Asl.Load(json), new StateMachineRunnerOptions { NoWait = true })
            .RunAsync(new JsonObject { ["items"] = items });
        Assert.True(result.Succeeded, result.Cause);
        var output = result.Output!.AsArray();
        Assert.Equal(10_000, output.Count);
        for (var i = 0; i < output.Count; i++)
        {
            Assert.Equal(i, output[i]!["index"]!.GetValue<int>());
            Assert.Equal(2 * i, output[i]!["double"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Execute_WhenMaxConcurrencyIsTwo_ShouldNeverRunMoreThanTwoIterations()
    {
        var running = 0;
        var peak = 0;
        var invoker = new FakeInvoker(async (inv, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            return inv.Input;
        });
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "MaxConcurrency": 2, "End": true,
              "ItemProcessor": { "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true } } } } } }
            """;
        var output = await Asl.OutputAsync(json, "[1,2,3,4,5,6,7,8]", invoker);
        Asl.JsonEqual("[1,2,3,4,5,6,7,8]", output);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task Execute_WhenLegacyIteratorAndParameters_ShouldBehaveLikeItemProcessorAndItemSelector()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "ItemsPath": "$.detail.shipped", "ResultPath": "$.detail.shipped", "End": true,
              "Parameters": { "parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner" },
              "Iterator": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }
            """;
        var input = """{"delivery-partner": "UQS", "detail": {"shipped": [{"prod": "R31"}, {"prod": "S39"}]}}""";
        Asl.JsonEqual("""{"delivery-partner": "UQS", "detail": {"shipped": [{"parcel": {"prod": "R31"}, "courier": "UQS"}, {"parcel": {"prod": "S39"}, "courier": "UQS"}]}}""",
            await Asl.OutputAsync(json, input));
    }

    [Fact]
    public async Task Execute_WhenIterationMutatesItem_ShouldNotChangeTheInputItems()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.out", "End": true,
              "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "Result": true, "ResultPath": "$.done", "End": true } } } } } }
            """;
        Asl.JsonEqual("""{"items": [{"a": 1}], "out": [{"a": 1, "done": true}]}""", await Asl.OutputAsync(json, """{"items": [{"a": 1}]}"""));
    }

    [Fact]
    public async Task Execute_WhenAnIterationFails_ShouldFailTheMapWithThatError()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true,
              "ItemProcessor": { "StartAt": "C", "States": {
                "C": { "Type": "Choice", "Choices": [ { "Variable": "$", "NumericEquals": 3, "Next": "F" } ], "Default": "P" },
                "F": { "Type": "Fail", "Error": "Three" }, "P": { "Type": "Pass", "End": true } } } } } }
            """;
        Assert.Equal("Three", (await Asl.RunAsync(json, "[1,2,3,4]")).Error);
    }

    [Fact]
    public async Task Execute_WhenItemsPathIsNotAnArray_ShouldFailWithRuntime()
    {
        var json = """{ "StartAt": "M", "States": { "M": { "Type": "Map", "ItemsPath": "$.x", "End": true, "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }""";
        Assert.Equal("States.Runtime", (await Asl.RunAsync(json, """{"x": 1}""")).Error);
    }

    [Fact]
    public async Task Execute_WhenObserved_ShouldReportEveryIteration()
    {
        var history = new ExecutionHistory();
        var json = """{ "StartAt": "M", "States": { "M": { "Type": "Map", "End": true, "ItemProcessor": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }""";
        var result = await new StateMachineRunner(Asl.Load(json), new StateMachineRunnerOptions { Observer = history }).RunAsync(JsonNode.Parse("[1,2,3]"));
        Assert.True(result.Succeeded);
        var events = history.Events;
        Assert.Equal(3, events.Count(e => e.Type == HistoryEventType.MapIterationStarted));
        Assert.Equal([0, 1, 2], events.Where(e => e.Type == HistoryEventType.MapIterationSucceeded).Select(e => e.MapIterationIndex!.Value).Order());
        Assert.Equal(HistoryEventType.ExecutionStarted, events[0].Type);
        Assert.Equal(HistoryEventType.ExecutionSucceeded, events[^1].Type);
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
    }

    [Fact]
    public async Task Execute_WhenDistributedWithReaderBatcherAndTolerance_ShouldBatchAndTolerateFailures()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "bucket"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bucket", "rows.csv"), "id,name\n1,a\n2,b\n3,c\n4,d\n5,e\n");
            var json = """
                { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true, "ToleratedFailureCount": 1,
                  "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW" },
                                  "Parameters": { "Bucket": "bucket", "Key.$": "$.key" } },
                  "ItemBatcher": { "MaxItemsPerBatch": 2, "BatchInput": { "run.$": "$.run" } },
                  "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" }, "StartAt": "C", "States": {
                    "C": { "Type": "Choice", "Choices": [ { "Variable": "$.Items[0].id", "StringEquals": "5", "Next": "F" } ], "Default": "P" },
                    "F": { "Type": "Fail", "Error": "Five" },
                    "P": { "Type": "Pass", "Parameters": { "ids.$": "$.Items[*].id", "run.$": "$.BatchInput.run" }, "End": true } } } } } }
                """;
            var options = new StateMachineRunnerOptions { ItemReader = new ObjectSourceItemReader(new FolderObjectSource(folder.FullName)) };
            var result = await new StateMachineRunner(Asl.Load(json), options).RunAsync(JsonNode.Parse("""{"key": "rows.csv", "run": 7}"""));
            Assert.True(result.Succeeded, result.Cause);
            Asl.JsonEqual("""[{"ids": ["1", "2"], "run": 7}, {"ids": ["3", "4"], "run": 7}, {"Error": "Five", "Cause": ""}]""", result.Output);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public async Task Execute_WhenDistributedFailuresExceedTolerance_ShouldFailWithThresholdError()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true, "ToleratedFailurePercentage": 25,
              "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED" }, "StartAt": "F", "States": { "F": { "Type": "Fail", "Error": "X" } } } } } }
            """;
        Assert.Equal("States.ExceedToleratedFailureThreshold", (await Asl.RunAsync(json, "[1,2,3]")).Error);
    }

    [Fact]
    public async Task Execute_WhenItemReaderHasNoReader_ShouldFailWithItemReaderFailed()
    {
        var json = """
            { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true,
              "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": { "InputType": "JSON" }, "Parameters": { "Bucket": "b", "Key": "k" } },
              "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED" }, "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } } } }
            """;
        Assert.Equal("States.ItemReaderFailed", (await Asl.RunAsync(json)).Error);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
