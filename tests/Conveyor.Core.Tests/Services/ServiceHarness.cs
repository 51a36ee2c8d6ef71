using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Core.Tests.Services;

/// <summary>
/// A TaskService over in-memory adapters and a fake clock. <see cref="Relayed"/> holds the notifications the change feed
/// yields for its writes; <see cref="Notifier"/> only what the service publishes directly (explicit alarms).
/// </summary>
internal sealed class ServiceHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, 250, TimeSpan.Zero);

    /// <param name="store">The store the service writes to; it must write through to <paramref name="changes"/>.</param>
    /// <param name="changes">The in-memory store whose recorded changes are relayed (defaults to <paramref name="store"/>).</param>
    public ServiceHarness(ITaskStore? store = null, InMemoryTaskStore? changes = null)
    {
        var memory = changes ?? store as InMemoryTaskStore ?? new InMemoryTaskStore();
        Store = store ?? memory;
        Relayed = new RelayedNotifications(memory);
        Service = new TaskService(Store, Notifier, Time);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public InMemoryNotifier Notifier { get; } = new();

    public RelayedNotifications Relayed { get; }

    public ITaskStore Store { get; }

    public TaskService Service { get; }

    public static CancellationToken Ct => CancellationToken.None;

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public async Task<TrackedTask> CreateAsync(string tenant = "acme", string type = "import", string input = """{"file":"a.csv"}""") =>
        (await Service.CreateTaskAsync(new CreateTaskRequest(tenant, type, Json(input)), Ct)).Task;

    /// <summary>A started step-function parent with its subtasks created.</summary>
    public async Task<(TrackedTask Parent, IReadOnlyList<TrackedTask> SubTasks)> CreateStartedParentAsync(int items)
    {
        var input = "[" + string.Join(',', Enumerable.Range(0, items)) + "]";
        var parent = (await Service.CreateStepFunctionTaskAsync(new CreateTaskRequest("acme", "resize", Json(input)), Ct)).Task;
        var subTasks = await Service.CreateSubTasksAsync(parent.Key, Ct);
        parent = await Service.UpdateStatusAsync(parent.Key, TrackedTaskStatus.Started, null, Ct);
        return (parent, subTasks);
    }

    /// <summary>Moves a subtask through PROCESSING to <paramref name="to"/> (a terminal status or PROCESSING).</summary>
    public async Task EndSubTaskAsync(TaskKey key, TrackedTaskStatus to)
    {
        await Service.UpdateSubTaskStatusAsync(key, TrackedTaskStatus.Processing, null, Ct);
        if (to != TrackedTaskStatus.Processing)
        {
            var error = to == TrackedTaskStatus.Failed ? new TaskError("Boom", "item broke") : null;
            await Service.UpdateSubTaskStatusAsync(key, to, new TaskStatusDetails(Error: error), Ct);
        }
    }
}
