using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Core.Serialization;

namespace Local.Commands;

/// <summary>
/// How the CLI prints JSON and times: compact JSON whose text is readable (no <c>\u002B</c> for '+', non-ASCII letters
/// as themselves; only what JSON requires is escaped), and every timestamp as ISO-8601 UTC with milliseconds and 'Z'.
/// </summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static string Write(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    /// <summary>What <paramref name="write"/> writes for <paramref name="value"/> (one of the API's JSON writers), as compact text.</summary>
    public static string Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Timestamp(DateTimeOffset value) => TaskTimestamps.ToText(value);
}
