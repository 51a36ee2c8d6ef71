using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// The dashboard's reads, each a few indexed queries however many rows the database holds: the overview (counts from the
/// status index, throughput from notifications by time, notifications grouped per task), a page of the task list, one
/// task's detail (timeline, attempts, live progress, its execution on the state machine) and a page of its subtasks.
/// </summary>
public sealed class DashboardReader(
    LocalDatabase database,
    ITaskStore store,
    SqliteTaskListing listing,
    SqliteTaskSearch search,
    SqliteNotificationActivity activity,
    ExecutionTracker executions,
    TimeProvider time)
{
    /// <summary>The throughput graph's window.</summary>
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromMinutes(5);

    /// <summary>A parent's input is shown up to this many items (a 100,000-row import's input is not sent to the page).</summary>
    public const int InputItemsShown = 50;

    private const int RunningShown = 10;
    private const int NotificationWindow = 2000;
    private const int NotificationGroups = 15;

    public async Task<DashboardOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tasks = await listing.CountByStatusAsync(TaskKind.Task, cancellationToken).ConfigureAwait(false);
        var stepFunctions = await listing.CountByStatusAsync(TaskKind.StepFunction, cancellationToken).ConfigureAwait(false);
        var running = new List<(TaskSummary Task, WorkflowProgress Progress)>();
        foreach (var status in new[] { TrackedTaskStatus.Processing, TrackedTaskStatus.Started, TrackedTaskStatus.Created })
        {
            var page = await search.SearchAsync(new TaskSearch(Kind: TaskKind.StepFunction, Status: status, Limit: RunningShown), cancellationToken).ConfigureAwait(false);
            foreach (var task in page.Items.Take(RunningShown - running.Count))
            {
                running.Add((task, await ProgressAsync(task.Key, task, cancellationToken).ConfigureAwait(false)));
            }
        }

        var throughput = await activity.ThroughputAsync(now - ThroughputWindow, cancellationToken).ConfigureAwait(false);
        var notifications = await activity.RecentByTaskAsync(NotificationWindow, NotificationGroups, cancellationToken).ConfigureAwait(false);
        return new DashboardOverview(now, tasks, stepFunctions, running, throughput, notifications);
    }

    public Task<TaskSearchPage> ListAsync(TaskSearch filter, CancellationToken cancellationToken) => search.SearchAsync(filter, cancellationToken);

    /// <summary>Live subtask counts of a step-function task that has not ended; null for other tasks.</summary>
    public async Task<WorkflowProgress?> LiveProgressAsync(TaskSummary task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind == TaskKind.StepFunction && !task.Status.IsTerminal() ? await ProgressAsync(task.Key, task, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>One task with its timeline, attempts, progress, retry and execution; null when there is no such task.</summary>
    public async Task<DashboardTaskDetail?> DetailAsync(TaskKey key, CancellationToken cancellationToken)
    {
        var task = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (task is null)
        {
            return null;
        }

        var timeline = await activity.TimelineAsync(key.Id, cancellationToken).ConfigureAwait(false);
        WorkflowProgress? progress = null;
        IReadOnlyDictionary<TrackedTaskStatus, int>? subTaskCounts = null;
        if (task.Kind == TaskKind.StepFunction)
        {
            subTaskCounts = await listing.CountSubTasksByStatusAsync(key, cancellationToken).ConfigureAwait(false);
            progress = WorkflowProgress.Of(task.Id, task.Name, task.Status, subTaskCounts, task.Input.ValueKind == JsonValueKind.Array ? task.Input.GetArrayLength() : subTaskCounts.Values.Sum());
        }

        var inputItems = task.Input.ValueKind == JsonValueKind.Array ? task.Input.GetArrayLength() : (int?)null;
        var shown = task with
        {
            Input = inputItems > InputItemsShown ? FirstItems(task.Input, InputItemsShown) : task.Input,
            Attributes = task.Attributes is { } a ? a with { SubTasks = [] } : null,
        };
        var attempts = timeline.Count(e => e.Status == TrackedTaskStatus.Processing.ToWireName());
        var retriedAs = task.Kind == TaskKind.Task ? await RetriedAsAsync(key, cancellationToken).ConfigureAwait(false) : null;
        return new DashboardTaskDetail(shown, inputItems, timeline, attempts, progress, subTaskCounts, retriedAs, executions.Find(key.Id));
    }

    public Task<SubTaskPage> SubTasksAsync(TaskKey parent, TrackedTaskStatus? status, bool failedFirst, int limit, string? next, CancellationToken cancellationToken) =>
        search.ListSubTasksAsync(parent, status, failedFirst, limit, next, cancellationToken);

    private async Task<WorkflowProgress> ProgressAsync(TaskKey key, TaskSummary task, CancellationToken cancellationToken)
    {
        var counts = await listing.CountSubTasksByStatusAsync(key, cancellationToken).ConfigureAwait(false);
        return WorkflowProgress.Of(task.Id, task.Name, task.Status, counts, counts.Values.Sum());
    }

    /// <summary>The task a retry of <paramref name="failed"/> created (the retry's idempotency key names it), or null.</summary>
    private Task<string?> RetriedAsAsync(TaskKey failed, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (string?)await Sql.ScalarAsync(
                connection, null, "SELECT pk || '#' || sk FROM task_idempotency WHERE pk = $pk AND idempotency_key = $key;", cancellationToken,
                ("$pk", failed.Pk), ("$key", TaskService.RetryIdempotencyKey(failed))).ConfigureAwait(false),
            cancellationToken);

    private static JsonElement FirstItems(JsonElement array, int count)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in array.EnumerateArray().Take(count))
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
