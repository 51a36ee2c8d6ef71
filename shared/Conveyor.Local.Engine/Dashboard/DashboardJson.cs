using System.Text.Json;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Workflows;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;
using Conveyor.Local.Tasks;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// The dashboard endpoints' JSON. Tasks keep the API's task shape (<see cref="TaskJson"/>); list rows are
/// <c>{id, kind, tenant, type, name, status, createdAt, updatedAt, error?, progress?}</c>; times are ISO-8601 UTC.
/// A workflow task's detail has <c>workflow</c>: the execution and its <c>operations</c> in the API's shapes
/// (<see cref="WorkflowJson"/>, as <c>GET /workflows/{name}</c> and <c>/history</c> answer).
/// </summary>
public static class DashboardJson
{
    public static string Overview(DashboardOverview overview) => ToText(overview, static (w, o) =>
    {
        w.WriteStartObject();
        w.WriteString("at", TaskTimestamps.ToText(o.At));
        Counts(w, "tasks", o.Tasks);
        Counts(w, "stepFunctionTasks", o.StepFunctionTasks);
        w.WriteStartObject("durableExecutions");
        foreach (var (status, count) in o.DurableExecutions)
        {
            w.WriteNumber(status, count);
        }

        w.WriteEndObject();
        w.WriteNumber("deadLetters", o.DeadLetters);
        w.WriteStartArray("running");
        foreach (var (task, progress) in o.Running)
        {
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            w.WriteString("name", task.Name);
            w.WriteString("status", task.Status.ToWireName());
            w.WriteString("createdAt", TaskTimestamps.ToText(task.CreatedAt));
            Progress(w, progress);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("throughput");
        w.WriteNumber("windowSeconds", (long)DashboardReader.ThroughputWindow.TotalSeconds);
        w.WriteNumber("until", o.At.ToUnixTimeSeconds());
        w.WriteStartArray("points");
        foreach (var p in o.Throughput)
        {
            w.WriteStartArray();
            w.WriteNumberValue(p.Second);
            w.WriteNumberValue(p.Completed);
            w.WriteNumberValue(p.Failed);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("notifications");
        foreach (var g in o.Notifications)
        {
            w.WriteStartObject();
            w.WriteString("taskId", g.TaskId);
            w.WriteString("status", g.Status);
            w.WriteString("message", g.Message);
            w.WriteString("latestAt", TaskTimestamps.ToText(g.LatestAt));
            w.WriteNumber("count", g.Count);
            w.WriteNumber("subTaskUpdates", g.SubTaskUpdates);
            Entries(w, "latest", g.Latest);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Page(TaskSearchPage page, IReadOnlyDictionary<string, WorkflowProgress> live) => ToText((page, live), static (w, p) =>
    {
        w.WriteStartObject();
        w.WriteStartArray("items");
        foreach (var t in p.page.Items)
        {
            w.WriteStartObject();
            w.WriteString("id", t.Id);
            w.WriteString("kind", KindName(t.Kind));
            w.WriteString("tenant", t.Tenant);
            w.WriteString("type", t.Type);
            w.WriteString("name", t.Name);
            w.WriteString("status", t.Status.ToWireName());
            w.WriteString("createdAt", TaskTimestamps.ToText(t.CreatedAt));
            w.WriteString("updatedAt", TaskTimestamps.ToText(t.UpdatedAt));
            if (t.Error is { } error)
            {
                w.WriteStartObject("error");
                w.WriteString("type", error.Type);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }

            if (p.live.TryGetValue(t.Id, out var progress))
            {
                Progress(w, progress);
            }
            else if (t.SubTaskCount is { } total)
            {
                w.WriteStartObject("progress");
                w.WriteNumber("total", total);
                w.WriteNumber("completed", t.SubTaskSucceedCount ?? 0);
                w.WriteNumber("failed", t.SubTaskFailedCount ?? 0);
                w.WriteNumber("running", 0);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("next", p.page.Next);
        w.WriteEndObject();
    });

    public static string Detail(DashboardTaskDetail detail) => ToText(detail, static (w, d) =>
    {
        w.WriteStartObject();
        w.WriteString("kind", KindName(d.Task.Kind));
        w.WritePropertyName("task");
        TaskJson.Write(w, d.Task);
        if (d.InputItems is { } items) { w.WriteNumber("inputItems", items); }
        w.WriteNumber("attempts", d.Attempts);
        w.WriteString("retriedAs", d.RetriedAs);
        Entries(w, "timeline", d.Timeline);
        if (d.Progress is { } progress) { Progress(w, progress); }
        if (d.SubTaskCounts is { } counts) { Counts(w, "subTaskCounts", counts); }
        w.WritePropertyName("execution");
        if (d.Execution is { } e)
        {
            w.WriteStartObject();
            w.WriteString("name", e.ExecutionName);
            w.WriteString("status", e.Status);
            w.WriteString("startedAt", TaskTimestamps.ToText(e.StartedAt));
            Strings(w, "current", e.Current);
            Strings(w, "visited", e.Visited);
            w.WriteStartObject("states");
            foreach (var (name, c) in e.States)
            {
                w.WriteStartObject(name);
                w.WriteNumber("entered", c.Entered);
                w.WriteNumber("exited", c.Exited);
                w.WriteNumber("active", c.Active);
                w.WriteNumber("failedAttempts", c.FailedAttempts);
                w.WriteNumber("caught", c.Caught);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteString("error", e.Error);
            w.WriteString("cause", e.Cause);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        if (d.Workflow is { } workflow)
        {
            w.WriteStartObject("workflow");
            w.WritePropertyName("execution");
            WorkflowJson.WriteExecution(w, workflow.Info, d.Task.Type);
            w.WriteStartArray("operations");
            foreach (var operation in workflow.Operations)
            {
                WorkflowJson.WriteOperation(w, operation);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static string SubTasks(SubTaskPage page) => ToText(page, static (w, p) =>
    {
        w.WriteStartObject();
        w.WriteStartArray("items");
        foreach (var t in p.Items)
        {
            TaskJson.Write(w, t);
        }

        w.WriteEndArray();
        w.WriteString("next", p.Next);
        w.WriteEndObject();
    });

    private static string ToText<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string KindName(TaskKind kind) => kind switch
    {
        TaskKind.StepFunction => "sfn",
        TaskKind.SubTask => "subtask",
        _ => "task",
    };

    private static void Progress(Utf8JsonWriter w, WorkflowProgress p)
    {
        w.WriteStartObject("progress");
        w.WriteNumber("total", p.Total);
        w.WriteNumber("completed", p.Completed);
        w.WriteNumber("failed", p.Failed);
        w.WriteNumber("running", p.Running);
        w.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyDictionary<TrackedTaskStatus, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (status, count) in counts.OrderBy(p => p.Key))
        {
            w.WriteNumber(status.ToWireName(), count);
        }

        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Entries(Utf8JsonWriter w, string name, IReadOnlyList<TimelineEntry> entries)
    {
        w.WriteStartArray(name);
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", e.Sequence);
            w.WriteString("action", e.Action);
            w.WriteString("status", e.Status);
            w.WriteString("message", e.Message);
            w.WriteString("at", TaskTimestamps.ToText(e.At));
            w.WriteNumber("count", e.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
