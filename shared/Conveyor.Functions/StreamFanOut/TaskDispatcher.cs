using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Processing;
using Conveyor.Functions.Workflows;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>
/// Dispatches a new top-level task (the INSERT half of <see cref="StreamFanOutHandler"/>): a single task becomes QUEUED
/// and is enqueued for TaskWorker; a step-function task gets its subtasks and Map manifest, becomes STARTED and its
/// workflow is started under a deterministic execution name; a durable workflow task (its type is a registered durable
/// workflow) gets its execution started (<see cref="WorkflowService.DispatchAsync"/>).
/// </summary>
/// <remarks>
/// Every step re-reads the row (the image may be stale) and is idempotent: a task already QUEUED is enqueued again
/// (TaskWorker drops duplicates), a step-function task already STARTED is started again (the same execution name makes
/// that a no-op), anything further along is skipped. A task whose type has no processor fails at once with
/// <see cref="UnknownTaskType.ErrorType"/>; that is not retried.
/// </remarks>
public sealed class TaskDispatcher
{
    private readonly TaskService _tasks;
    private readonly ITaskQueue _queue;
    private readonly IObjectStore _objects;
    private readonly IWorkflowStarter _workflows;
    private readonly TaskProcessorRegistry _processors;
    private readonly FunctionsOptions _options;
    private readonly ILogger _logger;
    private readonly WorkflowService? _durableWorkflows;

    /// <param name="durableWorkflows">Starts the executions of durable workflow tasks; null on a host without a durable execution service.</param>
    public TaskDispatcher(
        TaskService tasks,
        ITaskQueue queue,
        IObjectStore objects,
        IWorkflowStarter workflows,
        TaskProcessorRegistry processors,
        FunctionsOptions options,
        ILogger<TaskDispatcher> logger,
        WorkflowService? durableWorkflows = null)
    {
        _durableWorkflows = durableWorkflows;
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _objects = objects ?? throw new ArgumentNullException(nameof(objects));
        _workflows = workflows ?? throw new ArgumentNullException(nameof(workflows));
        _processors = processors ?? throw new ArgumentNullException(nameof(processors));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Dispatches the task stored under <paramref name="key"/>; false when no such row exists.</summary>
    public async Task<bool> DispatchAsync(TaskKey key, CancellationToken cancellationToken)
    {
        var task = await _tasks.GetAsync(key, cancellationToken);
        if (task is null)
        {
            return false;
        }

        if (_durableWorkflows is not null && _durableWorkflows.Tracks(task))
        {
            await _durableWorkflows.DispatchAsync(task, cancellationToken);
        }
        else if (task.Kind == TaskKind.StepFunction)
        {
            await DispatchStepFunctionAsync(task, cancellationToken);
        }
        else
        {
            await DispatchSingleAsync(task, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Dispatches new single tasks of <paramref name="keys"/> together: one read of their rows, one store write moving
    /// them to QUEUED (each on its own condition), one send of their messages. Only the leading keys whose rows are
    /// CREATED single tasks of a known, non-workflow type are taken, so no key is dispatched after one that is not; the
    /// first other key (missing, further along, unknown type, a durable workflow) and every key after it, and any row
    /// another writer changed between the read and the write, are left to <see cref="DispatchAsync"/>, one at a time.
    /// Returns the keys so dispatched.
    /// </summary>
    public async Task<IReadOnlySet<TaskKey>> DispatchNewSinglesAsync(IReadOnlyList<TaskKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = await _tasks.GetEachAsync(keys, cancellationToken);
        var ready = rows
            .TakeWhile(t => t is { Status: TrackedTaskStatus.Created, Kind: TaskKind.Task } && _processors.Contains(t.Type) && _durableWorkflows?.Tracks(t) != true)
            .Select(t => t!)
            .ToList();
        if (ready.Count == 0)
        {
            return new HashSet<TaskKey>();
        }

        // QUEUED before the send, as one at a time: a crash in between is redelivered, finds QUEUED and sends again.
        var queued = (await _tasks.QueueEachAsync(ready, cancellationToken)).OfType<TrackedTask>().ToList();
        if (queued.Count > 0)
        {
            await _queue.EnqueueAsync(queued.Select(TaskQueueMessageJson.For).ToList(), cancellationToken);
        }

        foreach (var task in queued)
        {
            StreamFanOutLog.Enqueued(_logger, task.Id, task.Type);
        }

        return queued.Select(t => t.Key).ToHashSet();
    }

    private async Task DispatchSingleAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (task.Status is not (TrackedTaskStatus.Created or TrackedTaskStatus.Queued))
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, task.Status.ToWireName());
            return;
        }

        if (await FailIfUnknownTypeAsync(task, cancellationToken))
        {
            return;
        }

        // QUEUED before the send: a crash in between is redelivered, finds QUEUED and sends again.
        // Written on condition of the row just read (no second read); a row changed since is moved on a fresh read.
        var queued = await _tasks.UpdateStatusAsync(task, TrackedTaskStatus.Queued, null, cancellationToken);
        if (queued.Status != TrackedTaskStatus.Queued)
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, queued.Status.ToWireName());
            return;
        }

        await _queue.EnqueueAsync([TaskQueueMessageJson.For(queued)], cancellationToken);
        StreamFanOutLog.Enqueued(_logger, task.Id, task.Type);
    }

    private async Task DispatchStepFunctionAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (task.Status is not (TrackedTaskStatus.Created or TrackedTaskStatus.Started))
        {
            StreamFanOutLog.AlreadyDispatched(_logger, task.Id, task.Status.ToWireName());
            return;
        }

        var executionName = ExecutionNames.For(task.Key);
        var manifestKey = WorkflowManifest.Key(executionName);
        var subTaskCount = task.Input.GetArrayLength();
        var current = task;
        if (current.Status == TrackedTaskStatus.Created)
        {
            if (await FailIfUnknownTypeAsync(current, cancellationToken))
            {
                return;
            }

            var subTasks = await _tasks.CreateSubTasksAsync(current.Key, cancellationToken);
            subTaskCount = subTasks.Count;
            using (var manifest = new MemoryStream(WorkflowManifest.Content(subTaskCount), writable: false))
            {
                await _objects.PutAsync(_options.ArtifactsBucket, manifestKey, manifest, WorkflowManifest.ContentType, cancellationToken);
            }

            current = await _tasks.UpdateStatusAsync(current.Key, TrackedTaskStatus.Started, null, cancellationToken);
            if (current.Status != TrackedTaskStatus.Started)
            {
                StreamFanOutLog.AlreadyDispatched(_logger, task.Id, current.Status.ToWireName());
                return;
            }
        }

        var input = WorkflowManifest.Input(current.Key, current.Tenant, subTaskCount, _options.ArtifactsBucket, manifestKey);
        var execution = await _workflows.StartAsync(new WorkflowStart(current.Key, executionName, input), cancellationToken);
        StreamFanOutLog.WorkflowStarted(_logger, task.Id, execution.ExecutionName, subTaskCount, execution.AlreadyStarted);
    }

    private async Task<bool> FailIfUnknownTypeAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (_processors.Contains(task.Type))
        {
            return false;
        }

        var error = UnknownTaskType.ErrorFor(task.Type, _processors);
        StreamFanOutLog.UnknownType(_logger, task.Id, task.Type, error.Message);
        await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
        return true;
    }
}
