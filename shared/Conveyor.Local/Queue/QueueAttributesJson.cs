using System.Text;
using System.Text.Json;

namespace Conveyor.Local.Queue;

/// <summary>A message's String attributes as the JSON object stored in <c>queue_messages.attributes</c>.</summary>
internal static class QueueAttributesJson
{
    public static string Serialize(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyDictionary<string, string>? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.GetString() ?? "";
        }

        return attributes;
    }
}
