using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="IDurableExecutionService"/> (the embedded engine's SQLite service, the Lambda durable execution
/// API) must do for Conveyor's workflows: start by name (the idempotency key) for a tracking task, describe by name and
/// ARN, list by task-id prefix and status (newest first), read the history, answer callbacks, stop. Derive and provide
/// the service and two hooks that act as the durable function would: <see cref="OpenCallbackAsync"/> (the workflow
/// creates a callback and suspends) and <see cref="SucceedAsync"/> (the workflow returns). Each test uses its own names.
/// </summary>
public abstract class DurableExecutionServiceContract : IAsyncLifetime
{
    private readonly string _prefix = "c" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The workflow registration's function name executions start on.</summary>
    protected virtual string FunctionName => "DocumentReview";

    protected abstract IDurableExecutionService Service { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The execution's next invocation creates a callback (timeout one hour) and answers PENDING; returns the callback id.</summary>
    protected abstract Task<string> OpenCallbackAsync(string arn);

    /// <summary>The execution's next invocation answers SUCCEEDED with <paramref name="result"/>.</summary>
    protected abstract Task SucceedAsync(string arn, string result);

    [Fact]
    public async Task Start_WhenTheNameIsNew_ShouldRunAnExecutionTrackedByTheTaskThatReadsBackByNameAndArn()
    {
        var name = Name("new");

        var start = await Service.StartAsync(FunctionName, name, """{"doc":"a.pdf"}""", TaskId("t1"), CancellationToken.None);

        Assert.True(start.Created);
        Assert.Equal(TaskId("t1"), start.TaskId);
        foreach (var key in new[] { name, start.Arn })
        {
            var info = await Service.DescribeAsync(key, CancellationToken.None);
            Assert.NotNull(info);
            Assert.Equal(start.Arn, info.Execution.DurableExecutionArn);
            Assert.Equal(name, info.Execution.DurableExecutionName);
            Assert.Equal(ExecutionStatuses.Running, info.Execution.Status);
            Assert.Equal("""{"doc":"a.pdf"}""", info.Execution.InputPayload?.Replace(" ", "", StringComparison.Ordinal));
            Assert.Equal(TaskId("t1"), info.TaskId);
            Assert.NotNull(info.Execution.StartTimestamp);
        }
    }

    [Fact]
    public async Task Start_WhenTheSameTaskStartsItsNameAgain_ShouldReturnTheFirstExecution()
    {
        var name = Name("again");
        var first = await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);

        var second = await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);

        Assert.False(second.Created);
        Assert.Equal(first.Arn, second.Arn);
        Assert.Equal(TaskId("t1"), second.TaskId);
        Assert.Single(await Service.ListAsync(TaskId(""), null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Start_WhenAnotherTaskHoldsTheName_ShouldReturnTheHoldersExecutionAndTask()
    {
        var name = Name("taken");
        var first = await Service.StartAsync(FunctionName, name, """{"n":1}""", TaskId("t1"), CancellationToken.None);

        var second = await Service.StartAsync(FunctionName, name, """{"n":2}""", TaskId("t2"), CancellationToken.None);

        Assert.False(second.Created);
        Assert.Equal(first.Arn, second.Arn);
        Assert.Equal(TaskId("t1"), second.TaskId);
        Assert.Equal("""{"n":1}""", (await Service.DescribeAsync(name, CancellationToken.None))?.Execution.InputPayload?.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Describe_WhenThereIsNoSuchExecution_ShouldReturnNull()
    {
        var known = await Service.StartAsync(FunctionName, Name("known"), "{}", TaskId("t1"), CancellationToken.None);

        Assert.Null(await Service.DescribeAsync(Name("missing"), CancellationToken.None));
        Assert.Null(await Service.DescribeAsync(known.Arn.Replace(Name("known"), Name("missing"), StringComparison.Ordinal), CancellationToken.None));
        Assert.Null(await Service.HistoryAsync(Name("missing"), CancellationToken.None));
    }

    [Fact]
    public async Task List_WhenFilteredByTaskPrefixAndStatus_ShouldReturnOnlyThoseNewestFirst()
    {
        var older = await Service.StartAsync(FunctionName, Name("older"), "{}", TaskId("a1"), CancellationToken.None);
        await Task.Delay(20);
        var newer = await Service.StartAsync(FunctionName, Name("newer"), "{}", TaskId("a2"), CancellationToken.None);
        await Service.StartAsync(FunctionName, Name("other"), "{}", OtherTenantTask("b1"), CancellationToken.None);
        await SucceedAsync(older.Arn, "\"done\"");

        var all = await Service.ListAsync(TaskId(""), null, 10, CancellationToken.None);
        var running = await Service.ListAsync(TaskId(""), ExecutionStatuses.Running, 10, CancellationToken.None);
        var succeeded = await Service.ListAsync(TaskId(""), ExecutionStatuses.Succeeded, 10, CancellationToken.None);
        var one = await Service.ListAsync(TaskId(""), null, 1, CancellationToken.None);

        Assert.Equal([newer.Arn, older.Arn], all.Select(i => i.Execution.DurableExecutionArn));
        Assert.All(all, i => Assert.StartsWith(TaskId(""), i.TaskId, StringComparison.Ordinal));
        Assert.Equal(newer.Arn, Assert.Single(running).Execution.DurableExecutionArn);
        var done = Assert.Single(succeeded);
        Assert.Equal(older.Arn, done.Execution.DurableExecutionArn);
        Assert.Equal("\"done\"", done.Execution.Result);
        Assert.Equal(newer.Arn, Assert.Single(one).Execution.DurableExecutionArn);
    }

    [Fact]
    public async Task Callback_WhenAnsweredOnce_ShouldCompleteItAndRefuseASecondAnswer()
    {
        var name = Name("callback");
        var start = await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);
        var callbackId = await OpenCallbackAsync(start.Arn);

        var waiting = await Service.FindByCallbackAsync(callbackId, TaskId(""), CancellationToken.None);
        var otherTenant = await Service.FindByCallbackAsync(callbackId, OtherTenantTask(""), CancellationToken.None);
        await Service.SendCallbackHeartbeatAsync(callbackId, CancellationToken.None);
        await Service.SendCallbackSuccessAsync(callbackId, """{"Approved":true}""", CancellationToken.None);
        var again = await Assert.ThrowsAsync<DurableServiceException>(() => Service.SendCallbackSuccessAsync(callbackId, "{}", CancellationToken.None));
        var history = await Service.HistoryAsync(name, CancellationToken.None);

        Assert.Equal(start.Arn, waiting?.Execution.DurableExecutionArn);
        Assert.Null(otherTenant);
        Assert.Equal("CallbackTimeoutException", again.ErrorCode);
        Assert.NotNull(history);
        Assert.Equal([OperationTypes.Execution, OperationTypes.Callback], history.Select(o => o.Type));
        Assert.Equal("{}", history[0].ExecutionDetails?.InputPayload);
        var callback = history[1];
        Assert.Equal(callbackId, callback.CallbackDetails?.CallbackId);
        Assert.Equal(OperationStatuses.Succeeded, callback.Status);
        Assert.Equal("""{"Approved":true}""", callback.CallbackDetails?.Result);
    }

    [Fact]
    public async Task Callback_WhenFailed_ShouldRecordTheError()
    {
        var name = Name("fail");
        var start = await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);
        var callbackId = await OpenCallbackAsync(start.Arn);

        await Service.SendCallbackFailureAsync(callbackId, new ErrorObject { ErrorType = "Rejected", ErrorMessage = "not signed" }, CancellationToken.None);
        var callback = (await Service.HistoryAsync(start.Arn, CancellationToken.None))!.Single(o => o.Type == OperationTypes.Callback);

        Assert.Equal(OperationStatuses.Failed, callback.Status);
        Assert.Equal("Rejected", callback.CallbackDetails?.Error?.ErrorType);
        Assert.Equal("not signed", callback.CallbackDetails?.Error?.ErrorMessage);
    }

    [Fact]
    public async Task FindByCallback_WhenNoExecutionWaitsOnIt_ShouldReturnNull()
    {
        var start = await Service.StartAsync(FunctionName, Name("nocb"), "{}", TaskId("t1"), CancellationToken.None);
        var callbackId = await OpenCallbackAsync(start.Arn);

        Assert.Null(await Service.FindByCallbackAsync(callbackId[..^4] + "AAAA", TaskId(""), CancellationToken.None));
    }

    [Fact]
    public async Task Stop_WhenRunning_ShouldEndItStoppedWithTheErrorAndRefuseASecondStop()
    {
        var name = Name("stop");
        await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);

        await Service.StopAsync(name, new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "by ana" }, CancellationToken.None);
        var stopped = await Service.DescribeAsync(name, CancellationToken.None);
        var again = await Assert.ThrowsAsync<DurableServiceException>(() => Service.StopAsync(name, null, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<DurableServiceException>(() => Service.StopAsync(Name("nothing"), null, CancellationToken.None));

        Assert.Equal(ExecutionStatuses.Stopped, stopped?.Execution.Status);
        Assert.Equal("Cancelled", stopped?.Execution.Error?.ErrorType);
        Assert.NotNull(stopped?.Execution.EndTimestamp);
        Assert.Equal(409, again.StatusCode);
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task Succeed_WhenTheWorkflowReturns_ShouldDescribeTheResult()
    {
        var name = Name("ok");
        var start = await Service.StartAsync(FunctionName, name, "{}", TaskId("t1"), CancellationToken.None);

        await SucceedAsync(start.Arn, """{"Outcome":"published"}""");
        var info = await Service.DescribeAsync(name, CancellationToken.None);

        Assert.Equal(ExecutionStatuses.Succeeded, info?.Execution.Status);
        Assert.Equal("""{"Outcome":"published"}""", info?.Execution.Result);
        Assert.Equal(TaskId("t1"), info?.TaskId);
    }

    [Fact]
    public async Task Start_WhenTheNameIsInvalid_ShouldBeRefused()
    {
        var refused = await Assert.ThrowsAsync<DurableServiceException>(() => Service.StartAsync(FunctionName, "has space", "{}", TaskId("t1"), CancellationToken.None));

        Assert.Equal(400, refused.StatusCode);
    }

    /// <summary>A task id of this test's tenant (<c>TASK#&lt;prefix&gt;#document-review#&lt;suffix&gt;</c>; the empty suffix is the tenant's prefix).</summary>
    private string TaskId(string suffix) => suffix.Length == 0 ? $"TASK#{_prefix}#" : $"TASK#{_prefix}#document-review#{suffix}";

    private string OtherTenantTask(string suffix) => $"TASK#{_prefix}x#" + (suffix.Length == 0 ? "" : "document-review#" + suffix);

    private string Name(string what) => $"{_prefix}-{what}";
}
