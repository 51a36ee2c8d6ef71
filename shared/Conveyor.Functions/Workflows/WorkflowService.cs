using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Core.Workflows;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Functions.Workflows;

/// <summary>
/// Durable workflows as tracked tasks. A start creates a task (type = the workflow, name = the execution name, input = the
/// workflow input; idempotency key <c>workflow-&lt;name&gt;</c>), starts the execution under that name (the durable
/// service's own idempotency key) with the task's id, and moves the task to STARTED. When the execution ends, the
/// host calls <see cref="CompleteTaskAsync"/>: COMPLETED with the result, or FAILED with the error. Every status write
/// goes through <see cref="TaskService"/> (compare-and-set), so <c>task-status</c> notifications follow from the change
/// feed as for every task. Each step is idempotent, so a crash anywhere is repaired by repeating it: the change feed
/// redelivers a CREATED workflow task to <see cref="DispatchAsync"/>, which starts its execution again by name.
/// </summary>
public sealed class WorkflowService : IDurableWorkflowStarter
{
    public const string IdempotencyPrefix = "workflow-";

    private readonly TaskService _tasks;
    private readonly IDurableExecutionService _executions;
    private readonly DurableWorkflowCatalog _catalog;
    private readonly ILogger _logger;

    public WorkflowService(TaskService tasks, IDurableExecutionService executions, DurableWorkflowCatalog catalog, ILogger<WorkflowService>? logger = null)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _executions = executions ?? throw new ArgumentNullException(nameof(executions));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public DurableWorkflowCatalog Catalog => _catalog;

    public IDurableExecutionService Executions => _executions;

    public async Task<WorkflowStartResult> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var registration = Registration(request.Workflow);
        ExecutionNameRules.Validate(request.ExecutionName);
        var creation = await _tasks.CreateTaskAsync(
            new CreateTaskRequest(
                request.Tenant,
                registration.Name,
                request.Input,
                Name: request.ExecutionName,
                CreatedBy: request.CreatedBy,
                RequestId: request.RequestId,
                IdempotencyKey: IdempotencyPrefix + request.ExecutionName),
            cancellationToken).ConfigureAwait(false);
        // Created reports this start's own task: the change feed may dispatch the new task and create its execution first.
        var started = await StartForTaskAsync(creation.Task, registration, cancellationToken).ConfigureAwait(false);
        return started with { Created = creation.Created };
    }

    /// <summary>True when <paramref name="task"/> tracks a durable workflow (a single task whose type is a registered workflow).</summary>
    public bool Tracks(TrackedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind == TaskKind.Task && _catalog.Find(task.Type) is not null;
    }

    /// <summary>
    /// The change feed's part: a CREATED workflow task (a start interrupted before STARTED, or a task created through
    /// <c>POST /tasks</c> with a workflow's type) gets its execution started under the task's name. A name that cannot be
    /// an execution name, or one another task's execution holds, fails the task with the reason.
    /// </summary>
    public async Task DispatchAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Status != TrackedTaskStatus.Created)
        {
            return;
        }

        if (!ExecutionNameRules.IsValid(task.Name))
        {
            await FailAsync(task, new TaskError("InvalidExecutionName", $"A workflow task's name is its execution name: 1 to {ExecutionNameRules.MaxLength} letters, digits, '-' or '_'; '{DisplayText.Escape(task.Name)}' is not."), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await StartForTaskAsync(task, Registration(task.Type), cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionNameTakenException ex)
        {
            await FailAsync(task, new TaskError("ExecutionNameTaken", ex.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Tells the tracking task how the execution ended (nothing when it is still running, has no task, or the task already
    /// ended). True when this call wrote the task's end.
    /// </summary>
    public async Task<bool> CompleteTaskAsync(DurableExecutionInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var execution = info.Execution;
        if (info.TaskId is null || !ExecutionStatuses.IsTerminal(execution.Status))
        {
            return false;
        }

        var key = TaskKey.ParseId(info.TaskId);
        var task = await _tasks.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (task is null || task.Status.IsTerminal())
        {
            return false;
        }

        await EnsureStartedAsync(task, cancellationToken).ConfigureAwait(false);
        try
        {
            if (execution.Status == ExecutionStatuses.Succeeded)
            {
                await _tasks.UpdateStatusAsync(key, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: ResultOf(execution.Result)), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _tasks.UpdateStatusAsync(key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: ErrorOf(execution)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IllegalTransitionException)
        {
            // Another writer (the function host, a reader reconciling, the engine loop) told the task first; anything else is a real refusal.
            if ((await _tasks.GetAsync(key, cancellationToken).ConfigureAwait(false))?.Status.IsTerminal() != true)
            {
                throw;
            }

            return false;
        }

        WorkflowLog.TaskCompleted(_logger, key.Id, execution.DurableExecutionName ?? execution.DurableExecutionArn, execution.Status);
        return true;
    }

    /// <summary>
    /// A sweep for executions that ended without anyone telling their task. On AWS a STOPPED execution (stopped outside
    /// Conveyor's stop route: the console, the CLI) and a TIMED_OUT one never invoke the function again, so its host
    /// cannot write the task's end; a scheduled firing of ScheduleTarget (<c>{"type": "reconcile-workflows"}</c>) runs
    /// this sweep. Each such execution's task is told as a reader would tell it (<see cref="CompleteTaskAsync"/>:
    /// compare-and-set, nothing for a task that already ended), so sweeps may overlap and repeat. Looks at up to
    /// <paramref name="limit"/> executions per status, newest first.
    /// </summary>
    public async Task<WorkflowReconciliation> ReconcileAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (examined, told) = (0, 0);
        foreach (var status in (string[])[ExecutionStatuses.TimedOut, ExecutionStatuses.Stopped])
        {
            foreach (var info in await _executions.ListAsync(null, status, limit, cancellationToken).ConfigureAwait(false))
            {
                examined++;
                if (await CompleteTaskAsync(info, cancellationToken).ConfigureAwait(false))
                {
                    told++;
                }
            }
        }

        return new WorkflowReconciliation(examined, told);
    }

    /// <summary>
    /// The durable function host's part on AWS, after an invocation answered: a SUCCEEDED or FAILED answer ends the
    /// execution, so the tracking task (named in the execution's input envelope, <see cref="TrackedExecutionInput"/>) is
    /// told now, before the answer reaches the service. Should the write fail, the host fails the invocation, Lambda
    /// invokes again, the replay answers the same and the write is repeated (compare-and-set, so at most once in effect).
    /// Nothing happens for PENDING or an execution no task tracks (the embedded engine tells its tasks itself).
    /// </summary>
    public Task CompleteFromInvocationAsync(DurableInvocationInput input, DurableInvocationOutput output, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var taskId = TrackedExecutionInput.TaskIdOf(input);
        if (taskId is null || output.Status is not (InvocationStatuses.Succeeded or InvocationStatuses.Failed))
        {
            return Task.CompletedTask;
        }

        var arn = input.DurableExecutionArn;
        var parts = arn.Split('/');
        var execution = new DurableExecutionDescription
        {
            DurableExecutionArn = arn,
            DurableExecutionName = parts.Length >= 3 && parts[^3] == "durable-execution" ? parts[^2] : null,
            Status = output.Status == InvocationStatuses.Succeeded ? ExecutionStatuses.Succeeded : ExecutionStatuses.Failed,
            Result = output.Result,
            Error = output.Error,
            EndTimestamp = endedAt,
        };
        return CompleteTaskAsync(new DurableExecutionInfo(execution, taskId), cancellationToken);
    }

    /// <summary>
    /// The execution if the tenant's task tracks it; null when there is none or it is another tenant's. An execution
    /// that ended while its task still shows it running (on AWS: STOPPED and TIMED_OUT end without invoking the
    /// function, whose host tells the task of SUCCEEDED and FAILED) is reconciled here: the reader tells the task.
    /// </summary>
    public async Task<DurableExecutionInfo?> FindAsync(string tenant, string nameOrArn, CancellationToken cancellationToken)
    {
        var info = await _executions.DescribeAsync(nameOrArn, cancellationToken).ConfigureAwait(false);
        if (info is null || !BelongsTo(info, tenant))
        {
            return null;
        }

        await CompleteTaskAsync(info, cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>The tenant's executions, newest first.</summary>
    public Task<IReadOnlyList<DurableExecutionInfo>> ListAsync(string tenant, string? status, int limit, CancellationToken cancellationToken) =>
        _executions.ListAsync(TenantPrefix(tenant), status, limit, cancellationToken);

    /// <summary>
    /// The execution a callback id belongs to, if it is the tenant's; null otherwise. With <paramref name="execution"/>
    /// (the name or ARN the approval request carried) only that execution is read: it must be the tenant's and its
    /// history must hold the callback. Without it the service finds the execution itself, which on AWS, where callback
    /// ids are opaque, means reading the histories of the tenant's running executions.
    /// </summary>
    public async Task<DurableExecutionInfo?> FindByCallbackAsync(string tenant, string callbackId, string? execution, CancellationToken cancellationToken)
    {
        if (execution is null)
        {
            var found = await _executions.FindByCallbackAsync(callbackId, TenantPrefix(tenant), cancellationToken).ConfigureAwait(false);
            return found is not null && BelongsTo(found, tenant) ? found : null;
        }

        var info = await _executions.DescribeAsync(execution, cancellationToken).ConfigureAwait(false);
        if (info is null || !BelongsTo(info, tenant))
        {
            return null;
        }

        var operations = await _executions.HistoryAsync(info.Execution.DurableExecutionArn, cancellationToken).ConfigureAwait(false) ?? [];
        return operations.Any(o => o.Type == OperationTypes.Callback && o.CallbackDetails?.CallbackId == callbackId) ? info : null;
    }

    /// <summary>The workflow an execution runs (from its function's name), or null when none registered runs it.</summary>
    public string? WorkflowOf(DurableExecutionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.TaskId is { } taskId && _catalog.Find(TaskKey.ParseId(taskId).Sk.Split('#')[0]) is { } tracked)
        {
            // The tracking task's type is the workflow (on AWS the function ARN names the deployed function, not the registration).
            return tracked.Name;
        }

        var arn = info.Execution.FunctionArn ?? string.Empty;
        var marker = arn.IndexOf(":function:", StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var function = arn[(marker + ":function:".Length)..].Split(':')[0];
        return _catalog.FindByFunction(function)?.Name;
    }

    private static string TenantPrefix(string tenant) => TaskKeys.PartitionKey(tenant, stepFunction: false) + "#";

    private static bool BelongsTo(DurableExecutionInfo info, string tenant) =>
        info.TaskId is { } id && id.StartsWith(TenantPrefix(tenant), StringComparison.Ordinal);

    private async Task<WorkflowStartResult> StartForTaskAsync(TrackedTask task, DurableWorkflowRegistration registration, CancellationToken cancellationToken)
    {
        var start = await _executions.StartAsync(registration.FunctionName, task.Name, task.Input.GetRawText(), task.Id, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(start.TaskId, task.Id, StringComparison.Ordinal))
        {
            throw new ExecutionNameTakenException($"The execution name '{task.Name}' is taken by another execution; choose another name.");
        }

        var current = await EnsureStartedAsync(task, cancellationToken).ConfigureAwait(false);
        WorkflowLog.Started(_logger, task.Id, registration.Name, task.Name, start.Created);
        return new WorkflowStartResult(current, task.Name, start.Arn, start.Created);
    }

    /// <summary>CREATED → STARTED; a task already further along (its execution may have ended already) is returned as it is.</summary>
    private async Task<TrackedTask> EnsureStartedAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        if (task.Status != TrackedTaskStatus.Created)
        {
            return task;
        }

        try
        {
            return await _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Started, null, cancellationToken).ConfigureAwait(false);
        }
        catch (IllegalTransitionException)
        {
            return await _tasks.GetAsync(task.Key, cancellationToken).ConfigureAwait(false) ?? task;
        }
    }

    private Task<TrackedTask> FailAsync(TrackedTask task, TaskError error, CancellationToken cancellationToken)
    {
        WorkflowLog.Refused(_logger, task.Id, error.Message);
        return _tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: error), cancellationToken);
    }

    private DurableWorkflowRegistration Registration(string workflow) =>
        _catalog.Find(workflow) ?? throw new ValidationException($"There is no durable workflow '{DisplayText.Escape(workflow)}'; this application has: {_catalog.Names}.", nameof(workflow));

    private static JsonElement? ResultOf(string? result)
    {
        if (result is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(result);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var text = JsonDocument.Parse("\"" + JsonEncodedText.Encode(result).Value + "\"");
            return text.RootElement.Clone();
        }
    }

    private static TaskError ErrorOf(DurableExecutionDescription execution)
    {
        var error = execution.Error ?? new ErrorObject();
        var type = string.IsNullOrWhiteSpace(error.ErrorType) ? "Execution" + execution.Status : error.ErrorType;
        return new TaskError(type, error.ErrorMessage ?? $"The durable execution ended {execution.Status}.");
    }
}
