using System.Buffers;
using System.Text;
using System.Text.Json;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// The checkpointed result of a parallel or map operation: <c>{"Reason":..,"Items":[{"Index":0,"Status":"SUCCEEDED","Result":"&lt;json&gt;"}|{..,"Error":{..}}]}</c>.
/// Item results are embedded as serialized strings, so no generic metadata for the batch itself is needed.
/// </summary>
internal static class BatchResultCodec
{
    public static string Write<T>(BatchResult<T> result, DurableSerializer serializer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Reason", result.Reason.ToString());
            writer.WriteStartArray("Items");
            foreach (var item in result.Items)
            {
                writer.WriteStartObject();
                writer.WriteNumber("Index", item.Index);
                writer.WriteString("Status", item.Status.ToString());
                if (item.Status == BatchItemStatus.Succeeded)
                {
                    writer.WriteString("Result", serializer.Serialize(item.Result));
                }

                if (item.Error is { } error)
                {
                    writer.WritePropertyName("Error");
                    writer.WriteRawValue(DurableProtocolJson.Serialize(error));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static BatchResult<T> Read<T>(string json, DurableSerializer serializer)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var reason = Enum.Parse<CompletionReason>(root.GetProperty("Reason").GetString()!);
        var items = new List<BatchItem<T>>();
        foreach (var element in root.GetProperty("Items").EnumerateArray())
        {
            var status = Enum.Parse<BatchItemStatus>(element.GetProperty("Status").GetString()!);
            var value = element.TryGetProperty("Result", out var r) ? serializer.Deserialize<T>(r.GetString()) : default;
            var error = element.TryGetProperty("Error", out var e)
                ? DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(e.GetRawText()), DurableProtocolJsonContext.Default.ErrorObject)
                : null;
            items.Add(new BatchItem<T>(element.GetProperty("Index").GetInt32(), status, value, error));
        }

        return new BatchResult<T>(items, reason);
    }
}
