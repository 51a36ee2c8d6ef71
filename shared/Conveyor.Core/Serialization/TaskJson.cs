using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Serialization;

/// <summary>
/// The stable JSON shape of a task row, shared by stores, the CLI and the API:
/// <c>{id, pk, sk, type, tenant, name, status, version, input, result?, error?{type, message}, attributes,
/// createdAt, updatedAt, createdBy?, requestId?, parentId?}</c>; <c>attributes</c> is always written (the progress summary
/// of a step-function task, null otherwise). Hand-written with Utf8JsonWriter/JsonDocument (AOT-safe).
/// Timestamps are ISO-8601 UTC with millisecond precision (see <see cref="TaskTimestamps"/>).
/// </summary>
public static class TaskJson
{
    private const string Shape = "task";

    public static void Write(Utf8JsonWriter writer, TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(task);
        writer.WriteStartObject();
        writer.WriteString("id", task.Id);
        writer.WriteString("pk", task.Key.Pk);
        writer.WriteString("sk", task.Key.Sk);
        writer.WriteString("type", task.Type);
        writer.WriteString("tenant", task.Tenant);
        writer.WriteString("name", task.Name);
        writer.WriteString("status", task.Status.ToWireName());
        writer.WriteNumber("version", task.Version);
        JsonWrite.Property(writer, "input", task.Input);
        TaskJson.WriteOutcome(writer, task);

        writer.WritePropertyName("attributes");
        if (task.Attributes is { } attributes)
        {
            ProgressSummaryJson.Write(writer, attributes);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString("createdAt", TaskTimestamps.ToText(task.CreatedAt));
        writer.WriteString("updatedAt", TaskTimestamps.ToText(task.UpdatedAt));
        WriteOptional(writer, "createdBy", task.CreatedBy);
        WriteOptional(writer, "requestId", task.RequestId);
        WriteOptional(writer, "parentId", task.ParentKey?.Id);
        writer.WriteEndObject();
    }

    public static string Serialize(TrackedTask task) => JsonWrite.ToText(task, Write);

    public static byte[] SerializeToUtf8Bytes(TrackedTask task) => JsonWrite.ToUtf8Bytes(task, Write);

    /// <exception cref="FormatException">Not valid JSON, or not the task shape (the message names the property).</exception>
    public static TrackedTask Parse(string json)
    {
        using var document = JsonRead.ParseDocument(json, Shape);
        return Read(document.RootElement);
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static TrackedTask Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonRead.ParseDocument(utf8Json, Shape);
        return Read(document.RootElement);
    }

    /// <summary>Reads a task; JSON values are cloned, so the result outlives <paramref name="element"/>'s document.</summary>
    /// <exception cref="FormatException">Not the task shape.</exception>
    public static TrackedTask Read(JsonElement element)
    {
        JsonRead.EnsureObject(element, Shape);
        var key = new TaskKey(JsonRead.RequiredString(element, "pk", Shape), JsonRead.RequiredString(element, "sk", Shape));
        _ = TaskKeys.KindOf(key);
        if (JsonRead.OptionalString(element, "id", Shape) is { } id && id != key.Id)
        {
            throw new FormatException($"The task id '{id}' does not match its pk and sk ('{key.Id}').");
        }

        var error = JsonRead.Optional(element, "error") is { } errorElement ? ReadError(errorElement) : null;
        var attributes = JsonRead.Optional(element, "attributes") is { } attributesElement ? ProgressSummaryJson.Read(attributesElement) : null;
        var parentId = JsonRead.OptionalString(element, "parentId", Shape);
        return new TrackedTask
        {
            Key = key,
            Tenant = JsonRead.RequiredString(element, "tenant", Shape),
            Type = JsonRead.RequiredString(element, "type", Shape),
            Name = JsonRead.RequiredString(element, "name", Shape),
            Status = TrackedTaskStatusNames.Parse(JsonRead.RequiredString(element, "status", Shape)),
            Version = JsonRead.RequiredInt64(element, "version", Shape),
            Input = JsonRead.Required(element, "input", Shape).Clone(),
            Result = JsonRead.Optional(element, "result")?.Clone(),
            Error = error,
            Attributes = attributes,
            CreatedAt = JsonRead.RequiredTimestamp(element, "createdAt", Shape),
            UpdatedAt = JsonRead.RequiredTimestamp(element, "updatedAt", Shape),
            CreatedBy = JsonRead.OptionalString(element, "createdBy", Shape),
            RequestId = JsonRead.OptionalString(element, "requestId", Shape),
            ParentKey = parentId is null ? null : TaskKey.ParseId(parentId),
        };
    }

    private static TaskError ReadError(JsonElement element)
    {
        JsonRead.EnsureObject(element, "task error");
        return new TaskError(
            JsonRead.RequiredString(element, "type", "task error"),
            JsonRead.OptionalString(element, "message", "task error") ?? string.Empty);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a task's outcome properties: <c>result</c> when it has one, <c>error</c> {type, message} when it failed.</summary>
    internal static void WriteOutcome(Utf8JsonWriter writer, TrackedTask task)
    {
        if (task.Result is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } result)
        {
            JsonWrite.Property(writer, "result", result);
        }

        if (task.Error is { } error)
        {
            writer.WriteStartObject("error");
            writer.WriteString("type", error.Type);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }
    }
}
