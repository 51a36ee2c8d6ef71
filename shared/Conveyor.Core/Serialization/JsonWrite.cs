using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Conveyor.Core.Serialization;

/// <summary>Runs a Utf8JsonWriter body and returns the result as text, bytes or a detached element.</summary>
internal static class JsonWrite
{
    public static byte[] ToUtf8Bytes<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText<T>(T value, Action<Utf8JsonWriter, T> write) => Encoding.UTF8.GetString(ToUtf8Bytes(value, write));

    /// <summary>A JsonElement that owns its memory (safe to keep after this call).</summary>
    public static JsonElement ToElement<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        using var document = JsonDocument.Parse(ToUtf8Bytes(value, write));
        return document.RootElement.Clone();
    }

    public static void Property(Utf8JsonWriter writer, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException($"The JSON value of '{name}' is undefined (a default JsonElement); pass a parsed value.", nameof(value));
        }

        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }
}
