using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.StateMachine;
using Conveyor.Functions.Tests.Support;

namespace Conveyor.Functions.Tests.StateMachine;

/// <summary>The payloads the state machine sends MapItem and Finalize (events/), read through the functions' source-generated context.</summary>
public sealed class StateMachinePayloadTests
{
    private static readonly TaskKey Parent = new("SFN_TASK#acme", "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");

    [Fact]
    public void Deserialize_WhenMapItemAndFinalizePayloads_ShouldReadKeysAndError()
    {
        var item = RecordedEvents.Read("map-item.json", MapItemJsonContext.Default.MapItemPayload);
        var finalize = RecordedEvents.Read("finalize-execution-failed.json", FinalizeJsonContext.Default.FinalizePayload);

        Assert.False(item.IsBatch);
        Assert.Equal(0, item.Index);
        Assert.Null(item.Failure);
        Assert.Equal(Parent, item.Parent!.ToTaskKey());
        Assert.Equal(item.Parent, finalize.Parent);
        Assert.Equal("States.Runtime", finalize.Error?.Error);
        Assert.Equal("The Map state failed.", finalize.Error?.Cause);
    }

    [Fact]
    public void Deserialize_WhenMapItemIsABatch_ShouldReadItemsAndBatchInputAsTheItemBatcherSendsThem()
    {
        var batch = RecordedEvents.Read("map-item-batch.json", MapItemJsonContext.Default.MapItemPayload);

        Assert.True(batch.IsBatch);
        Assert.Equal([0, 1], batch.Items!.Select(i => i!.Index));
        Assert.Equal(Parent, batch.BatchInput!.Parent!.ToTaskKey());
        Assert.Null(batch.Index);
        Assert.Null(batch.Parent);
    }

    [Fact]
    public void Deserialize_WhenMapItemHasNeitherShape_ShouldLeaveItForTheHandlerToRefuse()
    {
        var item = JsonSerializer.Deserialize("""{"parent":{"pk":"a","sk":"b"}}""", MapItemJsonContext.Default.MapItemPayload)!;

        Assert.False(item.IsBatch);
        Assert.Null(item.Index);
    }

    [Fact]
    public void Deserialize_WhenAKeyIsNull_ShouldBeRefusedWhileReading()
    {
        // Read as strictly as the AWS events: null where the model declares none never reaches a handler.
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"parent":{"pk":null,"sk":"b"},"index":0}""", MapItemJsonContext.Default.MapItemPayload));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"parent":null}""", FinalizeJsonContext.Default.FinalizePayload));
    }

    [Fact]
    public void Require_WhenTheKeyIsMissingOrEmpty_ShouldNameIt()
    {
        var missing = Assert.Throws<ValidationException>(() => TaskKeyPayload.Require(null, "BatchInput.parent"));
        var empty = Assert.Throws<ValidationException>(() => TaskKeyPayload.Require(new TaskKeyPayload("", "b"), "parent"));

        Assert.Contains("\"BatchInput.parent\"", missing.Message, StringComparison.Ordinal);
        Assert.Contains("\"pk\" and \"sk\"", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenABatchWithFailure_ShouldWriteTheShapeTheStateMachineSends()
    {
        var payload = new MapItemPayload
        {
            Items = [new MapItemBatchItem(2)],
            BatchInput = new MapItemBatchInput { Parent = new TaskKeyPayload("SFN_TASK#t", "csv-import#1") },
            Failure = new StepFunctionsError { Error = "States.Timeout", Cause = "late" },
        };

        Assert.Equal(
            """{"Items":[{"index":2}],"BatchInput":{"parent":{"pk":"SFN_TASK#t","sk":"csv-import#1"}},"failure":{"Error":"States.Timeout","Cause":"late"}}""",
            JsonSerializer.Serialize(payload, MapItemJsonContext.Default.MapItemPayload));
    }
}
