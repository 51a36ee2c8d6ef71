using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;
using Conveyor.Local.Tasks;

namespace Conveyor.Local.Engine.Status;

/// <summary>
/// Reads <see cref="EngineStatus"/> from the database (cheap: counts by status, one indexed range count per running
/// step-function task) and keeps the latest notifications as the notifier publishes them in this process.
/// </summary>
public sealed class EngineStatusReader
{
    private const int RecentCapacity = 50;
    private const int RunningShown = 20;
    private const int FailedShown = 20;
    private readonly SqliteTaskListing _listing;
    private readonly TimeProvider _time;
    private readonly Queue<NotificationRecord> _recent = new();
    private readonly Lock _gate = new();

    private readonly Http.DurableApiEndpoints? _durableApi;

    public EngineStatusReader(SqliteTaskListing listing, SqliteNotifier notifier, TimeProvider time, Http.DurableApiEndpoints? durableApi = null)
    {
        _durableApi = durableApi;
        ArgumentNullException.ThrowIfNull(notifier);
        _listing = listing ?? throw new ArgumentNullException(nameof(listing));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        notifier.Published += (_, record) =>
        {
            lock (_gate)
            {
                _recent.Enqueue(record);
                while (_recent.Count > RecentCapacity) { _recent.Dequeue(); }
            }
        };
    }

    public async Task<EngineStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var tasks = await _listing.CountByStatusAsync(TaskKind.Task, cancellationToken).ConfigureAwait(false);
        var stepFunctions = await _listing.CountByStatusAsync(TaskKind.StepFunction, cancellationToken).ConfigureAwait(false);
        var running = new List<WorkflowProgress>();
        foreach (var status in new[] { TrackedTaskStatus.Created, TrackedTaskStatus.Started, TrackedTaskStatus.Processing })
        {
            if (running.Count >= RunningShown) { break; }
            var parents = await _listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction, Status: status, Limit: RunningShown - running.Count), cancellationToken).ConfigureAwait(false);
            foreach (var parent in parents)
            {
                running.Add(await ProgressAsync(_listing, parent, cancellationToken).ConfigureAwait(false));
            }
        }

        NotificationRecord[] recent;
        lock (_gate)
        {
            recent = [.. _recent];
        }

        var failed = await _listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.Task, Status: TrackedTaskStatus.Failed, Limit: FailedShown), cancellationToken).ConfigureAwait(false);
        return new EngineStatus(Names(tasks), Names(stepFunctions), running, recent, _time.GetUtcNow(), failed, _durableApi?.Requests);
    }

    /// <summary>Subtask counts of a step-function task from one grouped count.</summary>
    public static async Task<WorkflowProgress> ProgressAsync(SqliteTaskListing listing, TrackedTask parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(parent);
        var counts = await listing.CountSubTasksByStatusAsync(parent.Key, cancellationToken).ConfigureAwait(false);
        var total = parent.Input.ValueKind == JsonValueKind.Array ? parent.Input.GetArrayLength() : counts.Values.Sum();
        return WorkflowProgress.Of(parent.Id, parent.Name, parent.Status, counts, total);
    }

    private static Dictionary<string, int> Names(IReadOnlyDictionary<TrackedTaskStatus, int> counts) =>
        counts.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal);
}
