using System.Buffers;
using System.Text.Json;

namespace Conveyor.App;

/// <summary>Builds self-contained JSON values with a <see cref="Utf8JsonWriter"/> (no reflection-based serialization, AOT-safe).</summary>
internal static class JsonValues
{
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
