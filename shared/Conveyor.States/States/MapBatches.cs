using System.Text;
using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;

namespace Conveyor.States.States;

/// <summary>
/// ItemBatcher: groups the selected items into <c>{"BatchInput": …, "Items": [ … ]}</c> objects, one per child
/// execution, in item order. A batch closes when it holds MaxItemsPerBatch items or when one more item would make the
/// batch's JSON larger than MaxInputBytesPerBatch (default and ceiling: 256 KiB, a child execution's input limit);
/// BatchInput counts toward the size, as it is part of the child's input.
/// </summary>
internal static class MapBatches
{
    public const int MaxInputBytes = 262_144;

    /// <param name="maxItems">Items per batch; 0 for no item limit.</param>
    /// <param name="maxBytes">UTF-8 bytes of a batch's JSON; 0 for the 256 KiB default.</param>
    /// <exception cref="StatesException"><c>States.Runtime</c>: one item alone is larger than the byte limit.</exception>
    public static JsonArray Build(string stateName, IReadOnlyList<JsonNode?> items, JsonNode? batchInput, int maxItems, int maxBytes)
    {
        var byteLimit = maxBytes <= 0 ? MaxInputBytes : Math.Min(maxBytes, MaxInputBytes);
        var itemLimit = maxItems <= 0 ? int.MaxValue : maxItems;
        // {"BatchInput":<input>,"Items":[]} — the frame every batch pays before its first item.
        var frameBytes = Encoding.UTF8.GetByteCount(JsonUtil.ToJson(Close([], batchInput)));
        var batches = new JsonArray();
        var current = new List<JsonNode?>();
        var size = frameBytes;
        for (var i = 0; i < items.Count; i++)
        {
            var itemBytes = Encoding.UTF8.GetByteCount(JsonUtil.ToJson(items[i]));
            if (frameBytes + itemBytes > byteLimit)
            {
                throw new StatesException(StatesErrorNames.Runtime,
                    $"The Map state '{stateName}': item {i} is {itemBytes} bytes, which does not fit in a batch of at most {byteLimit} bytes (MaxInputBytesPerBatch)");
            }

            var separator = current.Count == 0 ? 0 : 1;
            if (current.Count == itemLimit || size + separator + itemBytes > byteLimit)
            {
                batches.Add((JsonNode)Close(current, batchInput));
                current = [];
                size = frameBytes;
                separator = 0;
            }

            current.Add(items[i]);
            size += separator + itemBytes;
        }

        if (current.Count > 0) { batches.Add((JsonNode)Close(current, batchInput)); }
        return batches;
    }

    private static JsonObject Close(List<JsonNode?> items, JsonNode? batchInput)
    {
        var batch = new JsonObject();
        if (batchInput is not null) { batch["BatchInput"] = batchInput.DeepClone(); }
        batch["Items"] = new JsonArray(items.Select(JsonUtil.Clone).ToArray());
        return batch;
    }
}
