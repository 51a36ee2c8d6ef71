using System.Text.Json;
using Conveyor.App.Workflows;
using Conveyor.Core.Tasks;
using Conveyor.Core.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.Tests.Support;
using Conveyor.Functions.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.Workflows;

/// <summary>
/// How a workflow's tracking task learns that its execution ended on AWS, where no engine loop watches executions: the
/// durable function host writes SUCCEEDED and FAILED answers (the task named in the input envelope), and a reader
/// reconciles what ends without invoking the function (STOPPED, TIMED_OUT).
/// </summary>
public sealed class WorkflowTaskCompletionTests : IDisposable
{
    private readonly ScriptedExecutions _executions = new();
    private readonly FunctionsHarness _harness;

    public WorkflowTaskCompletionTests() => _harness = new FunctionsHarness(services => services.AddSingleton<IDurableExecutionService>(_executions));

    public void Dispose() => _harness.Dispose();

    private WorkflowService Workflows => _harness.Get<WorkflowService>();

    [Fact]
    public async Task CompleteFromInvocation_WhenTheAnswerIsSucceeded_ShouldCompleteTheTaskWithTheResultOnceEvenWhenRepeated()
    {
        var started = await StartAsync("review-1");
        var envelope = Envelope(started, """{"Key":"a.pdf"}""");
        var output = new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = """{"Outcome":"published"}""" };

        await Workflows.CompleteFromInvocationAsync(envelope, output, _harness.Clock.GetUtcNow(), CancellationToken.None);
        var afterFirst = await _harness.Store.GetAsync(started.Task.Key, CancellationToken.None);
        await Workflows.CompleteFromInvocationAsync(envelope, output, _harness.Clock.GetUtcNow(), CancellationToken.None);
        var afterSecond = await _harness.Store.GetAsync(started.Task.Key, CancellationToken.None);

        Assert.Equal(TrackedTaskStatus.Completed, afterFirst!.Status);
        Assert.Equal("published", afterFirst.Result!.Value.GetProperty("Outcome").GetString());
        Assert.Equal(afterFirst.Version, afterSecond!.Version);
    }

    [Fact]
    public async Task CompleteFromInvocation_WhenTheAnswerIsFailed_ShouldFailTheTaskWithTheWorkflowsError()
    {
        var started = await StartAsync("review-2");

        await Workflows.CompleteFromInvocationAsync(
            Envelope(started, "{}"),
            new DurableInvocationOutput { Status = InvocationStatuses.Failed, Error = new ErrorObject { ErrorType = "DocumentMissing", ErrorMessage = "no a.pdf" } },
            _harness.Clock.GetUtcNow(),
            CancellationToken.None);

        var task = await _harness.Store.GetAsync(started.Task.Key, CancellationToken.None);
        Assert.Equal(TrackedTaskStatus.Failed, task!.Status);
        Assert.Equal("DocumentMissing", task.Error!.Type);
        Assert.Equal("no a.pdf", task.Error.Message);
    }

    [Theory]
    [InlineData(InvocationStatuses.Pending, true)]
    [InlineData(InvocationStatuses.Succeeded, false)]
    public async Task CompleteFromInvocation_WhenPendingOrNotTracked_ShouldLeaveTheTaskStarted(string status, bool tracked)
    {
        var started = await StartAsync("review-3");
        var envelope = Envelope(started, "{}");
        if (!tracked)
        {
            envelope.InitialExecutionState!.Operations[0].ExecutionDetails!.InputPayload = "{}";
        }

        await Workflows.CompleteFromInvocationAsync(envelope, new DurableInvocationOutput { Status = status, Result = "1" }, _harness.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(TrackedTaskStatus.Started, (await _harness.Store.GetAsync(started.Task.Key, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData(ExecutionStatuses.Stopped, "Cancelled")]
    [InlineData(ExecutionStatuses.TimedOut, "ExecutionTimedOut")]
    public async Task Find_WhenTheExecutionEndedWithoutInvokingTheFunction_ShouldFailTheTrackingTask(string status, string errorType)
    {
        var started = await StartAsync("review-4");
        _executions.End(started.ExecutionArn, status, new ErrorObject { ErrorType = errorType, ErrorMessage = "ended" });

        var info = await Workflows.FindAsync("acme", "review-4", CancellationToken.None);

        Assert.Equal(status, info?.Execution.Status);
        var task = await _harness.Store.GetAsync(started.Task.Key, CancellationToken.None);
        Assert.Equal(TrackedTaskStatus.Failed, task!.Status);
        Assert.Equal(errorType, task.Error!.Type);
    }

    [Fact]
    public async Task ReconcileSchedule_WhenExecutionsEndedWithoutInvokingTheFunction_ShouldFailTheirTasksOnceAndLeaveTheOthers()
    {
        var timedOut = await StartAsync("review-6");
        var stopped = await StartAsync("review-7");
        var running = await StartAsync("review-8");
        var toldBefore = await StartAsync("review-9");
        _executions.End(timedOut.ExecutionArn, ExecutionStatuses.TimedOut, new ErrorObject { ErrorType = "ExecutionTimedOut", ErrorMessage = "The execution exceeded its ExecutionTimeout." });
        _executions.End(stopped.ExecutionArn, ExecutionStatuses.Stopped, new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "stopped in the console" });
        _executions.End(toldBefore.ExecutionArn, ExecutionStatuses.Stopped, new ErrorObject { ErrorType = "Withdrawn", ErrorMessage = "by ana" });
        await Workflows.FindAsync("acme", "review-9", CancellationToken.None);
        using var payload = JsonDocument.Parse("""{"type":"reconcile-workflows"}""");
        var handler = _harness.Get<ScheduleTargetHandler>();

        var first = await handler.HandleAsync(payload.RootElement, FunctionsHarness.Context("a"), CancellationToken.None);
        var again = await handler.HandleAsync(payload.RootElement, FunctionsHarness.Context("b"), CancellationToken.None);

        Assert.Equal(("reconcile-workflows", 3, 2), (first.Type, first.Examined, first.Reconciled));
        Assert.Equal((3, 0), (again.Examined, again.Reconciled));
        var timedOutTask = await _harness.Store.GetAsync(timedOut.Task.Key, CancellationToken.None);
        Assert.Equal((TrackedTaskStatus.Failed, "ExecutionTimedOut"), (timedOutTask!.Status, timedOutTask.Error!.Type));
        var stoppedTask = await _harness.Store.GetAsync(stopped.Task.Key, CancellationToken.None);
        Assert.Equal((TrackedTaskStatus.Failed, "stopped in the console"), (stoppedTask!.Status, stoppedTask.Error!.Message));
        Assert.Equal(TrackedTaskStatus.Started, (await _harness.Store.GetAsync(running.Task.Key, CancellationToken.None))!.Status);
        Assert.Equal("Withdrawn", (await _harness.Store.GetAsync(toldBefore.Task.Key, CancellationToken.None))!.Error!.Type);
    }

    [Theory]
    [InlineData("""{"type":"reconcile-workflows","limit":0}""")]
    [InlineData("""{"type":"reconcile-workflows","limit":"10"}""")]
    [InlineData("""{"type":"reconcile-workflows","limit":1001}""")]
    public async Task ReconcileSchedule_WhenTheLimitIsNotAWholeNumberInRange_ShouldRefuseNamingIt(string json)
    {
        using var payload = JsonDocument.Parse(json);

        var error = await Assert.ThrowsAsync<Conveyor.Core.Validation.ValidationException>(() =>
            _harness.Get<ScheduleTargetHandler>().HandleAsync(payload.RootElement, FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains("\"limit\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowOf_WhenTheFunctionArnNamesTheDeployedFunction_ShouldNameTheWorkflowFromTheTask()
    {
        var started = await StartAsync("review-5");

        var info = await Workflows.FindAsync("acme", "review-5", CancellationToken.None);

        Assert.Equal(DocumentReviewWorkflow.Name, Workflows.WorkflowOf(info!));
        Assert.Equal(started.Task.Id, info!.TaskId);
    }

    [Fact]
    public async Task StartAsync_WhenTheChangeFeedStartedTheExecutionFirst_ShouldStillReportTheFirstStartAsCreated()
    {
        _executions.DispatchedFirst = true;

        var first = await StartAsync("review-raced");
        var second = await StartAsync("review-raced");

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal((first.Task.Id, first.ExecutionArn), (second.Task.Id, second.ExecutionArn));
    }

    private Task<WorkflowStartResult> StartAsync(string name) =>
        Workflows.StartAsync(
            new StartWorkflowRequest("acme", DocumentReviewWorkflow.Name, name, JsonDocument.Parse("""{"Bucket":"documents","Key":"a.pdf","Tenant":"acme","Owner":"o"}""").RootElement),
            CancellationToken.None);

    /// <summary>An invocation of the execution as Lambda sends it: the EXECUTION operation carries the start payload (the task envelope).</summary>
    private static DurableInvocationInput Envelope(WorkflowStartResult started, string input) => new()
    {
        DurableExecutionArn = started.ExecutionArn,
        CheckpointToken = "token-1",
        InitialExecutionState = new ExecutionStatePage
        {
            Operations =
            [
                new Operation
                {
                    Id = "e1", Type = OperationTypes.Execution, Status = OperationStatuses.Started,
                    ExecutionDetails = new ExecutionDetails { InputPayload = TrackedExecutionInput.Wrap(started.Task.Id, input) },
                },
            ],
        },
    };

    /// <summary>Executions as Lambda would report them: started by name, described with the deployed function's ARN.</summary>
    private sealed class ScriptedExecutions : IDurableExecutionService
    {
        private readonly Dictionary<string, DurableExecutionInfo> _byArn = new(StringComparer.Ordinal);

        public void End(string arn, string status, ErrorObject error)
        {
            var execution = _byArn[arn].Execution;
            execution.Status = status;
            execution.Error = error;
            execution.EndTimestamp = DateTimeOffset.UtcNow;
        }

        /// <summary>The change feed's dispatch of a new task starts its execution before the caller's own start does.</summary>
        public bool DispatchedFirst { get; set; }

        public Task<DurableExecutionStart> StartAsync(string functionName, string name, string? inputPayload, string? taskId, CancellationToken cancellationToken)
        {
            var arn = $"arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review:3/durable-execution/{name}/0123";
            if (_byArn.TryGetValue(arn, out var existing))
            {
                return Task.FromResult(new DurableExecutionStart(arn, false, existing.TaskId));
            }

            if (DispatchedFirst)
            {
                DispatchedFirst = false;
                StartAsync(functionName, name, inputPayload, taskId, cancellationToken);
                return StartAsync(functionName, name, inputPayload, taskId, cancellationToken);
            }

            _byArn[arn] = new DurableExecutionInfo(
                new DurableExecutionDescription
                {
                    DurableExecutionArn = arn, DurableExecutionName = name, Status = ExecutionStatuses.Running, InputPayload = inputPayload,
                    FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review:3", StartTimestamp = DateTimeOffset.UtcNow,
                },
                taskId);
            return Task.FromResult(new DurableExecutionStart(arn, true, taskId));
        }

        public Task<DurableExecutionInfo?> DescribeAsync(string nameOrArn, CancellationToken cancellationToken) =>
            Task.FromResult(_byArn.Values.FirstOrDefault(i => i.Execution.DurableExecutionArn == nameOrArn || i.Execution.DurableExecutionName == nameOrArn));

        public Task<IReadOnlyList<DurableExecutionInfo>> ListAsync(string? taskIdPrefix, string? status, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DurableExecutionInfo>>([.. _byArn.Values
                .Where(i => (status is null || i.Execution.Status == status) && (taskIdPrefix is null || i.TaskId?.StartsWith(taskIdPrefix, StringComparison.Ordinal) == true))
                .Take(limit)]);

        public Task<DurableExecutionInfo?> FindByCallbackAsync(string callbackId, string? taskIdPrefix, CancellationToken cancellationToken) =>
            Task.FromResult<DurableExecutionInfo?>(null);

        public Task<IReadOnlyList<Operation>?> HistoryAsync(string nameOrArn, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Operation>?>([]);

        public Task SendCallbackSuccessAsync(string callbackId, string? result, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendCallbackFailureAsync(string callbackId, ErrorObject error, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(string nameOrArn, ErrorObject? error, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
