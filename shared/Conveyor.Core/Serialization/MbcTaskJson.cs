using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Serialization;

/// <summary>
/// A task in the shape of the MBC CQRS Serverless task package's <c>TaskEntity</c> (packages/task v1.2.5), for the
/// MBC-compatible API surface: <c>{id, pk, sk, version, code, type, name, tenantCode, status, input, attributes?,
/// requestId?, createdAt, updatedAt, createdBy?, updatedBy?}</c>. <c>attributes</c> holds what MBC keeps there: the
/// result or error of a task or subtask (<c>{result}</c> / <c>{error:{type, message}}</c>) and the progress summary of a
/// step-function task; it is left out when there is none, as MBC leaves it undefined.
/// </summary>
/// <remarks>
/// Differences kept on purpose: <c>version</c> counts writes (MBC leaves 0); <c>code</c> is the ULID of the sort key
/// (MBC draws a fresh one per subtask); <c>updatedBy</c> is the creator (MBC never changes it either); Conveyor does not
/// record client IPs, so <c>createdIp</c>/<c>updatedIp</c> are left out as MBC does when a request has no source IP.
/// </remarks>
public static class MbcTaskJson
{
    public static void Write(Utf8JsonWriter writer, TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(task);
        writer.WriteStartObject();
        writer.WriteString("id", task.Id);
        writer.WriteString("pk", task.Key.Pk);
        writer.WriteString("sk", task.Key.Sk);
        writer.WriteNumber("version", task.Version);
        writer.WriteString("code", Code(task.Key));
        writer.WriteString("type", task.Type);
        writer.WriteString("name", task.Name);
        writer.WriteString("tenantCode", task.Tenant);
        writer.WriteString("status", task.Status.ToWireName());
        JsonWrite.Property(writer, "input", task.Input);
        if (HasAttributes(task))
        {
            writer.WritePropertyName("attributes");
            WriteAttributes(writer, task);
        }

        WriteOptional(writer, "requestId", task.RequestId);
        writer.WriteString("createdAt", TaskTimestamps.ToText(task.CreatedAt));
        writer.WriteString("updatedAt", TaskTimestamps.ToText(task.UpdatedAt));
        WriteOptional(writer, "createdBy", task.CreatedBy);
        WriteOptional(writer, "updatedBy", task.CreatedBy);
        writer.WriteEndObject();
    }

    public static string Serialize(TrackedTask task) => JsonWrite.ToText(task, Write);

    /// <summary>True when the task has a result, an error or a progress summary to put under <c>attributes</c>.</summary>
    public static bool HasAttributes(TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Attributes is not null || task.Error is not null || task.Result is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) };
    }

    /// <summary>
    /// MBC's <c>attributes</c>: the progress summary's fields (step-function task), then <c>result</c> and <c>error</c>
    /// when present; an empty object when there is none.
    /// </summary>
    public static void WriteAttributes(Utf8JsonWriter writer, TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(task);
        writer.WriteStartObject();
        if (task.Attributes is { } summary)
        {
            ProgressSummaryJson.WriteFields(writer, summary);
        }

        TaskJson.WriteOutcome(writer, task);

        writer.WriteEndObject();
    }

    /// <summary>The ULID segment of the sort key (<c>type#ULID[#index]</c>).</summary>
    public static string Code(TaskKey key) => key.Sk.Split('#') is [_, var ulid, ..] ? ulid : key.Sk;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
