using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Serialization;

/// <summary>
/// <c>{subTaskCount, subTaskSucceedCount, subTaskFailedCount, subTaskRunningCount, subTaskPendingCount, subTasks:[{pk, sk, status}]}</c>,
/// the attributes of a step-function task and of its notifications (running = PROCESSING, as in MBC; pending = the
/// other unfinished subtasks; a summary stored before pending existed reads as 0).
/// </summary>
public static class ProgressSummaryJson
{
    private const string Shape = "progress summary";

    public static void Write(Utf8JsonWriter writer, ProgressSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        writer.WriteStartObject();
        WriteFields(writer, summary);
        writer.WriteEndObject();
    }

    /// <summary>The summary's properties into an object the caller has started (MBC's attributes hold them next to result/error).</summary>
    public static void WriteFields(Utf8JsonWriter writer, ProgressSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        writer.WriteNumber("subTaskCount", summary.SubTaskCount);
        writer.WriteNumber("subTaskSucceedCount", summary.SubTaskSucceedCount);
        writer.WriteNumber("subTaskFailedCount", summary.SubTaskFailedCount);
        writer.WriteNumber("subTaskRunningCount", summary.SubTaskRunningCount);
        writer.WriteNumber("subTaskPendingCount", summary.SubTaskPendingCount);
        writer.WriteStartArray("subTasks");
        foreach (var subTask in summary.SubTasks)
        {
            writer.WriteStartObject();
            writer.WriteString("pk", subTask.Pk);
            writer.WriteString("sk", subTask.Sk);
            writer.WriteString("status", subTask.Status.ToWireName());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static JsonElement ToElement(ProgressSummary summary) => JsonWrite.ToElement(summary, Write);

    /// <exception cref="FormatException">The element is not a progress summary.</exception>
    public static ProgressSummary Read(JsonElement element)
    {
        JsonRead.EnsureObject(element, Shape);
        var items = JsonRead.Required(element, "subTasks", Shape);
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"The {Shape} property 'subTasks' must be an array; got {JsonRead.Describe(items.ValueKind)}.");
        }

        var subTasks = new List<SubTaskSummary>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            JsonRead.EnsureObject(item, "progress summary subtask");
            subTasks.Add(new SubTaskSummary(
                JsonRead.RequiredString(item, "pk", "progress summary subtask"),
                JsonRead.RequiredString(item, "sk", "progress summary subtask"),
                TrackedTaskStatusNames.Parse(JsonRead.RequiredString(item, "status", "progress summary subtask"))));
        }

        return new ProgressSummary(
            JsonRead.RequiredInt32(element, "subTaskCount", Shape),
            JsonRead.RequiredInt32(element, "subTaskSucceedCount", Shape),
            JsonRead.RequiredInt32(element, "subTaskFailedCount", Shape),
            JsonRead.RequiredInt32(element, "subTaskRunningCount", Shape),
            subTasks,
            JsonRead.Optional(element, "subTaskPendingCount") is not null ? JsonRead.RequiredInt32(element, "subTaskPendingCount", Shape) : 0);
    }
}
