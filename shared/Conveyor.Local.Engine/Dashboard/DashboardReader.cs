using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Durable.Service;
using Conveyor.Local.Durable;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;
using Conveyor.Local.Queue;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// The dashboard's reads, each a few indexed queries however many rows the database holds: the overview (counts from the
/// status index, throughput from notifications by time, notifications grouped per task), a page of the task list, one
/// task's detail (timeline, attempts, live progress, its execution on the state machine or its durable workflow execution
/// with the operation history) and a page of its subtasks.
/// </summary>
public sealed class DashboardReader(
    LocalDatabase database,
    ITaskStore store,
    SqliteTaskListing listing,
    SqliteTaskSearch search,
    SqliteNotificationActivity activity,
    ExecutionTracker executions,
    SqliteDurableExecutions durable,
    SqliteDeadLetterStore deadLetters,
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
        var workflows = await durable.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        var dead = await deadLetters.CountAsync(cancellationToken).ConfigureAwait(false);
        return new DashboardOverview(now, tasks, stepFunctions, DurableCounts(workflows), dead, running, throughput, notifications);
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
        var workflow = task.Kind == TaskKind.Task ? await WorkflowAsync(task, cancellationToken).ConfigureAwait(false) : null;
        return new DashboardTaskDetail(shown, inputItems, timeline, attempts, progress, subTaskCounts, retriedAs, executions.Find(key.Id), workflow);
    }

    /// <summary>Every durable execution status with its count, zeros included, in a fixed order.</summary>
    private static IReadOnlyList<KeyValuePair<string, int>> DurableCounts(Dictionary<string, int> counts) =>
        [.. new[] { ExecutionStatuses.Running, ExecutionStatuses.Succeeded, ExecutionStatuses.Failed, ExecutionStatuses.Stopped, ExecutionStatuses.TimedOut }
            .Select(s => new KeyValuePair<string, int>(s, counts.GetValueOrDefault(s)))];

    /// <summary>
    /// The durable execution a workflow task tracks, with its operations: the task's name is the execution's name (an
    /// indexed lookup), and the execution must name this task back; null for every other task.
    /// </summary>
    private async Task<DashboardWorkflow?> WorkflowAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(task.Name)
            || await durable.DescribeAsync(task.Name, cancellationToken).ConfigureAwait(false) is not { } info
            || !string.Equals(info.TaskId, task.Id, StringComparison.Ordinal))
        {
            return null;
        }

        var operations = await durable.HistoryAsync(info.Execution.DurableExecutionArn, cancellationToken).ConfigureAwait(false) ?? [];
        return new DashboardWorkflow(info, operations);
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
