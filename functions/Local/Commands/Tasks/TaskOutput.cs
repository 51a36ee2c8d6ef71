using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Local.Commands.Tasks;

/// <summary>
/// The stable JSON and text shapes of <c>conveyor tasks</c>: a task is Core's task JSON (<see cref="TaskJson"/>) with
/// <c>attributes</c> always present — the progress summary for step-function tasks (live while they run), null otherwise.
/// </summary>
internal static class TaskOutput
{
    public static async Task<JsonObject> ToJsonAsync(TrackedTask task, TaskService service, CancellationToken cancellationToken)
    {
        var shown = await service.WithLiveProgressAsync(task, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(TaskJson.Serialize(shown))!.AsObject();
    }

    /// <summary>
    /// The list form of a task: the progress summary keeps its counts but not <c>subTasks</c> (one entry per subtask,
    /// megabytes for a large import); <c>tasks show</c> has the full detail.
    /// </summary>
    public static JsonObject WithoutSubTaskStatuses(JsonObject task)
    {
        if (task["attributes"] is JsonObject attributes)
        {
            attributes.Remove("subTasks");
        }

        return task;
    }

    /// <summary>One line per task: status, created, subtask progress for step-function tasks, id and name.</summary>
    public static string Table(IReadOnlyList<JsonObject> tasks)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"STATUS",-11} {"CREATED",-24} {"PROGRESS",-14} ID  NAME");
        foreach (var task in tasks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(string?)task["status"],-11} {(string?)task["createdAt"],-24} {Progress(task),-14} {(string?)task["id"]}  {(string?)task["name"]}");
        }

        text.Append(CultureInfo.InvariantCulture, $"{tasks.Count} task(s)");
        return DisplayText.Escape(text.ToString(), keepLines: true);
    }

    public static string Progress(JsonObject task) =>
        task["attributes"] is JsonObject a
            ? string.Create(CultureInfo.InvariantCulture, $"{(int?)a["subTaskSucceedCount"] + (int?)a["subTaskFailedCount"]}/{(int?)a["subTaskCount"]}{((int?)a["subTaskFailedCount"] is > 0 and var f ? $" ({f} failed)" : string.Empty)}")
            : "-";
}
