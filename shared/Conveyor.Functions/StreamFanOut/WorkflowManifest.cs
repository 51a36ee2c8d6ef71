using System.Buffers;
using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>
/// The workflow input of a step-function task and the Map manifest it points to. The manifest
/// (<c>[{"index":0},{"index":1},…]</c>) lives in the artifacts bucket so the execution input stays tiny whatever the
/// number of subtasks; its content depends only on the subtask count, so a redelivery writes the same object.
/// </summary>
public static class WorkflowManifest
{
    public const string ContentType = "application/json";

    /// <summary><c>manifests/&lt;execution name&gt;.json</c>.</summary>
    public static string Key(string executionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        return $"manifests/{executionName}.json";
    }

    /// <summary>The manifest body for <paramref name="subTaskCount"/> subtasks.</summary>
    public static byte[] Content(int subTaskCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subTaskCount);
        var buffer = new ArrayBufferWriter<byte>(16 + (subTaskCount * 14));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < subTaskCount; i++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", i);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"parent":{"pk","sk"},"tenant","subTaskCount","manifest":{"bucket","key"}}</c>.</summary>
    public static JsonElement Input(TaskKey parent, string tenant, int subTaskCount, string bucket, string key)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("parent");
            writer.WriteString("pk", parent.Pk);
            writer.WriteString("sk", parent.Sk);
            writer.WriteEndObject();
            writer.WriteString("tenant", tenant);
            writer.WriteNumber("subTaskCount", subTaskCount);
            writer.WriteStartObject("manifest");
            writer.WriteString("bucket", bucket);
            writer.WriteString("key", key);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
