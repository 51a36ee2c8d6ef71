using System.Text;
using System.Text.Json;
using Conveyor.Core.Serialization;

namespace Conveyor.Local.Engine.Status;

/// <summary>
/// <c>GET /local/status</c>: <c>{at, tasks:{STATUS:n}, stepFunctionTasks:{STATUS:n}, running:[{id, name, status, total,
/// completed, failed, running}], notifications:[{sequence, action, id, status?, errorMessage?, publishedAt}],
/// failed:[{id, type, name, error, updatedAt}], durableApi?:{requests}}</c> (<c>durableApi</c> only when workflows call
/// their service over HTTP).
/// </summary>
public static class EngineStatusJson
{
    public static string Serialize(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", TaskTimestamps.ToText(status.At));
            WriteCounts(writer, "tasks", status.Tasks);
            WriteCounts(writer, "stepFunctionTasks", status.StepFunctionTasks);
            writer.WriteStartArray("running");
            foreach (var p in status.Running)
            {
                writer.WriteStartObject();
                writer.WriteString("id", p.Id);
                writer.WriteString("name", p.Name);
                writer.WriteString("status", p.Status);
                writer.WriteNumber("total", p.Total);
                writer.WriteNumber("completed", p.Completed);
                writer.WriteNumber("failed", p.Failed);
                writer.WriteNumber("running", p.Running);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("notifications");
            foreach (var n in status.Recent)
            {
                writer.WriteStartObject();
                writer.WriteNumber("sequence", n.Sequence);
                writer.WriteString("action", n.Action);
                writer.WriteString("id", n.Id);
                if (n.Content.ValueKind == JsonValueKind.Object)
                {
                    if (n.Content.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String) { writer.WriteString("status", s.GetString()); }
                    if (n.Content.TryGetProperty("errorMessage", out var e) && e.ValueKind == JsonValueKind.String) { writer.WriteString("errorMessage", e.GetString()); }
                }

                writer.WriteString("publishedAt", TaskTimestamps.ToText(n.PublishedAt));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("failed");
            foreach (var task in status.Failed)
            {
                writer.WriteStartObject();
                writer.WriteString("id", task.Id);
                writer.WriteString("type", task.Type);
                writer.WriteString("name", task.Name);
                writer.WriteString("error", task.Error?.Message);
                writer.WriteString("updatedAt", TaskTimestamps.ToText(task.UpdatedAt));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (status.DurableApiRequests is { } requests)
            {
                writer.WriteStartObject("durableApi");
                writer.WriteNumber("requests", requests);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, int> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (status, count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(status, count);
        }

        writer.WriteEndObject();
    }
}
