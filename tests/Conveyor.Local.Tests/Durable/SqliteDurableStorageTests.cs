using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;
using Conveyor.Local.Durable;
using Conveyor.Local.Storage;
using Conveyor.Local.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Tests.Durable;

/// <summary>
/// How the embedded durable service stores executions: one row per operation (schema step 9), records kept in memory by
/// row version, concurrent writes sharing a transaction.
/// </summary>
public sealed class SqliteDurableStorageTests : IAsyncLifetime
{
    // An execution as the service stored it before step 9 (captured from the service at schema 8): step "a" succeeded,
    // at-most-once step "b" started, and the process died mid-invocation (leased = 1).
    private const string OldArn = "arn:aws:lambda:local:000000000000:function:Upgrade:$LATEST/durable-execution/old-layout-1/dbd6ec5a9fb41f009d2869aa34d2db5a";
    private const string OldRecord = """
        {"Arn":"arn:aws:lambda:local:000000000000:function:Upgrade:$LATEST/durable-execution/old-layout-1/dbd6ec5a9fb41f009d2869aa34d2db5a","Name":"old-layout-1","FunctionName":"Upgrade","Status":"RUNNING","InputPayload":"\u0022in\u0022","Result":null,"Error":null,"StartedAt":"2026-11-30T12:00:00+00:00","EndedAt":null,"TimeoutAt":null,"Operations":[{"Id":"dbd6ec5a9fb41f009d2869aa34d2db5a","ParentId":null,"Name":"old-layout-1","Type":"EXECUTION","SubType":null,"Status":"STARTED","StartTimestamp":1796040000,"EndTimestamp":null,"ExecutionDetails":{"InputPayload":"\u0022in\u0022"},"ContextDetails":null,"StepDetails":null,"WaitDetails":null,"CallbackDetails":null,"ChainedInvokeDetails":null},{"Id":"6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b","ParentId":null,"Name":"a","Type":"STEP","SubType":"Step","Status":"SUCCEEDED","StartTimestamp":1796040000,"EndTimestamp":1796040000,"ExecutionDetails":null,"ContextDetails":null,"StepDetails":{"Result":"\u0022in:a\u0022","Error":null,"Attempt":0,"NextAttemptTimestamp":null},"WaitDetails":null,"CallbackDetails":null,"ChainedInvokeDetails":null},{"Id":"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35","ParentId":null,"Name":"b","Type":"STEP","SubType":"Step","Status":"STARTED","StartTimestamp":1796040000,"EndTimestamp":null,"ExecutionDetails":null,"ContextDetails":null,"StepDetails":{"Result":null,"Error":null,"Attempt":0,"NextAttemptTimestamp":null},"WaitDetails":null,"CallbackDetails":null,"ChainedInvokeDetails":null}],"Callbacks":{},"TokenSequence":3,"CheckpointToken":"ZGJkNmVjNWE5ZmI0MWYwMDlkMjg2OWFhMzRkMmRiNWE6Mw==","InvocationNeeded":false,"Invocations":1,"FailedInvocations":0,"InvocationRetryAt":null,"PendingInvokes":[],"ParentArn":null,"ParentOperationId":null,"ParentAnswered":false}
        """;

    // An execution as the service stored it at step 11 (captured from the service at schema 11): step "prepare" succeeded,
    // and it waits for callback "approve" (1 hour timeout) under a 2-day execution timeout, tracked by a task.
    private const string Step11Arn = "arn:aws:lambda:local:000000000000:function:Upgrade:$LATEST/durable-execution/step11-1/46d26362f42e83a046bfd89cb2a2a09f";
    private const string Step11Record = """
        {"Arn":"arn:aws:lambda:local:000000000000:function:Upgrade:$LATEST/durable-execution/step11-1/46d26362f42e83a046bfd89cb2a2a09f","Name":"step11-1","FunctionName":"Upgrade","Status":"RUNNING","InputPayload":"\u0022doc\u0022","StartedAt":"2026-11-30T12:00:00+00:00","TimeoutAt":"2026-12-02T12:00:00+00:00","Callbacks":{"1df9abb5d4ea62110422aa3a00e504bf4b8a17157750fa43451c26dda199706e":{"TimeoutAt":"2026-11-30T13:00:00+00:00"}},"TokenSequence":4,"CheckpointToken":"NDZkMjYzNjJmNDJlODNhMDQ2YmZkODljYjJhMmEwOWY6NA==","InvocationNeeded":false,"Invocations":1,"FailedInvocations":0,"PendingInvokes":[],"ParentAnswered":false}
        """;

    private const string Step11CallbackId = "YXJuOmF3czpsYW1iZGE6bG9jYWw6MDAwMDAwMDAwMDAwOmZ1bmN0aW9uOlVwZ3JhZGU6JExBVEVTVC9kdXJhYmxlLWV4ZWN1dGlvbi9zdGVwMTEtMS80NmQyNjM2MmY0MmU4M2EwNDZiZmQ4OWNiMmEyYTA5ZgoxZGY5YWJiNWQ0ZWE2MjExMDQyMmFhM2EwMGU1MDRiZjRiOGExNzE1Nzc1MGZhNDM0NTFjMjZkZGExOTk3MDZl";

    private static readonly string[] Step11Operations =
    [
        """{"Id":"46d26362f42e83a046bfd89cb2a2a09f","Name":"step11-1","Type":"EXECUTION","Status":"STARTED","StartTimestamp":1796040000,"ExecutionDetails":{"InputPayload":"\u0022doc\u0022"}}""",
        """{"Id":"6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b","Name":"prepare","Type":"STEP","SubType":"Step","Status":"SUCCEEDED","StartTimestamp":1796040000,"EndTimestamp":1796040000,"StepDetails":{"Result":"\u0022doc:prepared\u0022","Attempt":0}}""",
        """{"Id":"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35","Name":"approve","Type":"CONTEXT","SubType":"WaitForCallback","Status":"STARTED","StartTimestamp":1796040000}""",
        """{"Id":"1df9abb5d4ea62110422aa3a00e504bf4b8a17157750fa43451c26dda199706e","ParentId":"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35","Name":"approve.callback","Type":"CALLBACK","SubType":"Callback","Status":"STARTED","StartTimestamp":1796040000,"CallbackDetails":{"CallbackId":"YXJuOmF3czpsYW1iZGE6bG9jYWw6MDAwMDAwMDAwMDAwOmZ1bmN0aW9uOlVwZ3JhZGU6JExBVEVTVC9kdXJhYmxlLWV4ZWN1dGlvbi9zdGVwMTEtMS80NmQyNjM2MmY0MmU4M2EwNDZiZmQ4OWNiMmEyYTA5ZgoxZGY5YWJiNWQ0ZWE2MjExMDQyMmFhM2EwMGU1MDRiZjRiOGExNzE1Nzc1MGZhNDM0NTFjMjZkZGExOTk3MDZl"}}""",
        """{"Id":"75fa9902e12defcc35af96d78bb44dd2e18fc1b6048543397ed29dc48b525c34","ParentId":"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35","Name":"approve.submit","Type":"STEP","SubType":"Step","Status":"SUCCEEDED","StartTimestamp":1796040000,"EndTimestamp":1796040000,"StepDetails":{"Result":"true","Attempt":0}}""",
    ];

    private readonly TempEngineFolder _folder = new();
    private readonly DurableTestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, int> _runs = new(StringComparer.Ordinal);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task Upgrade_WhenAnExecutionWasStoredByStep8AndItsProcessDied_ShouldCompleteWithoutRunningTheCheckpointedStepAgain()
    {
        await CreateAtStep8WithOldExecutionAsync();

        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);
        var operations = await database.ReadAsync(
            c => Sql.ListAsync(c, null, "SELECT o.position, json_extract(o.operation, '$.Name') FROM durable_operation_log o JOIN durable_execution_headers h ON o.execution = h.key WHERE h.arn = $a ORDER BY o.position;", r => $"{r.GetInt64(0)}:{r.GetString(1)}", CancellationToken.None, ("$a", OldArn)),
            CancellationToken.None);
        Assert.Equal(Migrations.LatestVersion, await Migrations.CurrentVersionAsync(database, CancellationToken.None));
        Assert.Equal(["0:old-layout-1", "1:a", "2:b"], operations);

        Assert.Equal(1, await executions.RecoverAsync(CancellationToken.None));
        await DurableDriver.RunDueAsync(executions, _ => UpgradeWorkflow());

        var record = (await executions.GetAsync("old-layout-1", CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Succeeded, record.Status);
        // "a" answered from its checkpoint; "b" was interrupted mid-flight, so at-most-once fails it instead of running it.
        Assert.Equal("\"in:a|b:Conveyor.Durable.Runtime.StepInterruptedException|c\"", record.Result);
        Assert.False(_runs.ContainsKey("a"));
        Assert.False(_runs.ContainsKey("b"));
        Assert.Equal(1, _runs["c"]);
        Assert.Equal(["EXECUTION", "STEP", "STEP", "STEP"], record.Operations.Select(o => o.Type));
        Assert.Equal("tenant-a/task-1", (await executions.DescribeAsync(OldArn, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task Upgrade_WhenAnExecutionWaitingForACallbackWasStoredByStep11_ShouldKeepItsInputTaskAndTokenAndCompleteOnTheAnswer()
    {
        await CreateAtStep11WithWaitingExecutionAsync();

        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);
        Assert.Equal(Migrations.LatestVersion, await Migrations.CurrentVersionAsync(database, CancellationToken.None));
        var info = (await executions.DescribeAsync("step11-1", CancellationToken.None))!;
        Assert.Equal(Step11Arn, info.Execution.DurableExecutionArn);
        Assert.EndsWith(":function:Upgrade:$LATEST", info.Execution.FunctionArn, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatuses.Running, info.Execution.Status);
        Assert.Equal("\"doc\"", info.Execution.InputPayload);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), info.Execution.StartTimestamp);
        Assert.Equal("tenant-a/task-11", info.TaskId);
        Assert.Equal(Step11Arn, (await executions.FindByCallbackAsync(Step11CallbackId, "tenant-a/", CancellationToken.None))?.Execution.DurableExecutionArn);

        // Nothing is due before the callback's deadline; the answer makes it due, and its replay skips "prepare".
        Assert.Empty(await executions.ClaimDueAsync(10, CancellationToken.None));
        await executions.CompleteCallbackAsync(Step11CallbackId, true, "\"yes\"", null, CancellationToken.None);
        var claim = Assert.Single(await executions.ClaimDueAsync(10, CancellationToken.None));
        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("46d26362f42e83a046bfd89cb2a2a09f:5")), claim.Envelope.CheckpointToken);
        await executions.CompleteInvocationAsync(claim.Arn, await Step11Workflow().InvokeAsync(claim.Envelope, executions, CancellationToken.None), CancellationToken.None);

        var record = (await executions.GetAsync(Step11Arn, CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Succeeded, record.Status);
        Assert.Equal("\"doc:prepared:yes\"", record.Result);
        Assert.False(_runs.ContainsKey("prepare"));
        Assert.Equal(["step11-1", "prepare", "approve", "approve.callback", "approve.submit"], record.Operations.Select(o => o.Name));
        Assert.Equal(ExecutionStatuses.Succeeded, Assert.Single(await executions.ListUnsyncedTasksAsync(10, CancellationToken.None)).Execution.Status);
    }

    [Fact]
    public async Task Upgrade_WhenTheCallbackOfAnExecutionStoredByStep11IsNotAnswered_ShouldTimeItOutAtItsDeadline()
    {
        await CreateAtStep11WithWaitingExecutionAsync();
        var executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await executions.ClaimDueAsync(10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));
        await DurableDriver.RunDueAsync(executions, _ => Step11Workflow());

        var record = (await executions.GetAsync("step11-1", CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Failed, record.Status);
        Assert.Equal(OperationStatuses.TimedOut, record.Operations.Single(o => o.Type == OperationTypes.Callback).Status);
        Assert.False(_runs.ContainsKey("prepare"));
    }

    [Fact]
    public async Task Executions_WhenReadFromTheFile_ShouldHaveTheirExecutionOperationRebuiltFromTheHeaderAndEndedByTheState()
    {
        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);
        var started = _clock.GetUtcNow();
        await executions.StartExecutionAsync("Ends", "ends-ok", "1", null, null, CancellationToken.None);
        await executions.StartExecutionAsync("Ends", "ends-stopped", "2", null, null, CancellationToken.None);
        var claims = await executions.ClaimDueAsync(10, CancellationToken.None);
        var ok = claims.Single(c => c.Arn.Contains("/ends-ok/", StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromSeconds(3));
        await executions.CheckpointAsync(ok.Arn, ok.Envelope.CheckpointToken, [Succeed("s", "1")], null, CancellationToken.None);
        await executions.CompleteInvocationAsync(ok.Arn, new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = "\"done\"" }, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4));
        await ((IDurableExecutionService)executions).StopAsync("ends-stopped", null, CancellationToken.None);
        var (laterArn, _, _) = await executions.StartExecutionAsync("Ends", "ends-later", "3", null, null, CancellationToken.None);

        // Another service on the file (nothing held in memory) reads them from their rows, and claims the one still to run.
        var reader = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var succeeded = (await reader.GetAsync("ends-ok", CancellationToken.None))!;
        var stopped = (await reader.GetAsync("ends-stopped", CancellationToken.None))!;
        Assert.Equal((OperationStatuses.Succeeded, _clock.GetUtcNow().AddSeconds(-4)), (succeeded.Operations[0].Status, succeeded.Operations[0].EndTimestamp));
        Assert.Equal((OperationStatuses.Stopped, _clock.GetUtcNow()), (stopped.Operations[0].Status, stopped.Operations[0].EndTimestamp));
        Assert.Equal(OperationStatuses.Succeeded, (await reader.HistoryAsync("ends-ok", CancellationToken.None))![1].Status);
        var claimedOk = ok.Envelope.InitialExecutionState!.Operations![0];
        Assert.Equal(
            (claimedOk.Id, claimedOk.Type, claimedOk.Name, claimedOk.ExecutionDetails!.InputPayload, claimedOk.StartTimestamp),
            (succeeded.Operations[0].Id, succeeded.Operations[0].Type, succeeded.Operations[0].Name, succeeded.Operations[0].ExecutionDetails!.InputPayload, succeeded.Operations[0].StartTimestamp));
        var later = Assert.Single(await reader.ClaimDueAsync(10, CancellationToken.None));
        var first = Assert.Single(later.Envelope.InitialExecutionState!.Operations!);
        Assert.Equal(
            (DurableExecutionRules.ExecutionOperationId(laterArn), OperationTypes.Execution, "ends-later", OperationStatuses.Started, "3", started.AddSeconds(7)),
            (first.Id, first.Type, first.Name, first.Status, first.ExecutionDetails!.InputPayload, first.StartTimestamp));

        // The EXECUTION operation follows from the header and the state row: a start writes no operation row.
        var firstRows = await database.ReadAsync(
            c => Sql.ScalarAsync(c, null, "SELECT COUNT(*) FROM durable_operation_log WHERE position = 0;", CancellationToken.None),
            CancellationToken.None);
        Assert.Equal(0L, firstRows);
    }

    [Fact]
    public async Task Writes_WhenOneReadsFromTheFileAnExecutionAnEarlierWriteOfItsTransactionChanged_ShouldSeeItsOperations()
    {
        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);
        foreach (var name in (string[])["batch-a", "batch-b", "batch-c"])
        {
            await executions.StartExecutionAsync("Batch", name, "1", null, null, CancellationToken.None);
        }

        var claims = await executions.ClaimDueAsync(10, CancellationToken.None);
        var (a, b, c) = (Claim("batch-a"), Claim("batch-b"), Claim("batch-c"));

        // The write turn is held, so a first write waits in it and the next three queue behind it and share a transaction:
        // a's checkpoint (its new operation row waits to be written with the transaction's others), a refused write (the
        // service then forgets the records it holds), and a write of a, which reads a from the file in that transaction.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = database.WriteAsync((_, _) => release.Task, CancellationToken.None);
        var first = executions.CheckpointAsync(c.Arn, c.Envelope.CheckpointToken, [Succeed("c1", "1")], null, CancellationToken.None);
        await Task.Delay(200);
        var checkpoint = executions.CheckpointAsync(a.Arn, a.Envelope.CheckpointToken, [Succeed("s", "\"a\"")], null, CancellationToken.None);
        var refused = executions.CheckpointAsync(b.Arn, "not-its-token", [Succeed("t", "2")], null, CancellationToken.None);
        var failed = executions.FailInvocationAsync(a.Arn, CancellationToken.None);
        release.SetResult();
        await Task.WhenAll(held, first, checkpoint, failed);
        await Assert.ThrowsAsync<DurableServiceException>(() => refused);

        // a was read from the file after its checkpoint: the record the service holds, and gives the next invocation, has it.
        _clock.Advance(TimeSpan.FromMinutes(10));
        var again = (await executions.ClaimDueAsync(10, CancellationToken.None)).Single(x => x.Arn == a.Arn);
        var operations = again.Envelope.InitialExecutionState!.Operations!;
        Assert.Equal([OperationTypes.Execution, OperationTypes.Step], operations.Select(o => o.Type));
        Assert.Equal(("s", OperationStatuses.Succeeded, "\"a\""), (operations[1].Id, operations[1].Status, operations[1].StepDetails!.Result));
        Assert.Equal(["s"], (await executions.HistoryAsync(a.Arn, CancellationToken.None))!.Skip(1).Select(o => o.Id));

        DurableInvocationClaim Claim(string name) => claims.Single(x => x.Arn.Contains("/" + name + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checkpoint_WhenAnotherProcessCheckpointedTheRecordHeldInMemory_ShouldBeWrittenAgainFromTheFileAndRefused()
    {
        var here = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var there = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        await here.StartExecutionAsync("Stale", "stale-1", "1", null, null, CancellationToken.None);
        var claim = Assert.Single(await here.ClaimDueAsync(10, CancellationToken.None));

        // "there" takes the token first; "here" still holds the record as of the claim, where that token is current. Its
        // checkpoint's state row is written with its transaction's others, on the condition that the row is still at the
        // version "here" read it: it is not, so the write is done again from the file, where the token was used.
        await there.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("a", "1")], null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DurableServiceException>(
            () => here.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("b", "2")], null, CancellationToken.None));

        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Equal(1, here.RewrittenBatches);
        Assert.Equal(["a"], (await here.HistoryAsync(claim.Arn, CancellationToken.None))!.Skip(1).Select(o => o.Id));
    }

    [Fact]
    public async Task Lookups_WhenGivenAnArnThatNamesAnExecutionOfAnotherFunction_ShouldFindNothing()
    {
        var executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var (arn, _, _) = await executions.StartExecutionAsync("Lookup", "lookup-1", "1", null, null, CancellationToken.None);
        var other = SqliteDurableExecutions.ArnFor("Elsewhere", "lookup-1");

        // Found by the name in the ARN, and only when the row holds that ARN.
        Assert.Equal(arn, (await executions.DescribeAsync(arn, CancellationToken.None))?.Execution.DurableExecutionArn);
        Assert.Equal(arn, (await executions.GetAsync("lookup-1", CancellationToken.None))?.Arn);
        Assert.Null(await executions.DescribeAsync(other, CancellationToken.None));
        Assert.Null(await executions.GetAsync(other, CancellationToken.None));
        Assert.Null(await executions.GetAsync(arn[..arn.LastIndexOf('/')] + "/0123", CancellationToken.None));
        var error = await Assert.ThrowsAsync<DurableServiceException>(() => executions.StopAsync(other, null, CancellationToken.None));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(ExecutionStatuses.Running, (await executions.GetAsync(arn, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task FindByCallback_WhenTheIdNamesAnOperationThatIsNotOneOfThatExecutionsCallbacks_ShouldFindNothing()
    {
        var executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var (arn, _, _) = await executions.StartExecutionAsync("Approve", "find-1", "\"doc\"", null, "tenant-a/task-1", CancellationToken.None);
        var (otherArn, _, _) = await executions.StartExecutionAsync("Approve", "find-2", "\"doc\"", null, "tenant-a/task-2", CancellationToken.None);
        await DurableDriver.RunDueAsync(executions, _ => CallbackWorkflow());
        var operations = (await executions.GetAsync(arn, CancellationToken.None))!.Operations;
        var callback = operations.Single(o => o.Type == OperationTypes.Callback);
        var step = operations.Single(o => o.Name == "prepare");

        Assert.Equal(arn, (await executions.FindByCallbackAsync(callback.CallbackDetails!.CallbackId!, "tenant-a/", CancellationToken.None))?.Execution.DurableExecutionArn);
        Assert.Null(await executions.FindByCallbackAsync(callback.CallbackDetails!.CallbackId!, "tenant-b/", CancellationToken.None));
        Assert.Null(await executions.FindByCallbackAsync(DurableExecutionRules.NewCallbackId(arn, step.Id), null, CancellationToken.None));
        // The other execution's callback at the same position has the same operation id, and its own callback id.
        Assert.Equal(otherArn, (await executions.FindByCallbackAsync(DurableExecutionRules.NewCallbackId(otherArn, callback.Id), null, CancellationToken.None))?.Execution.DurableExecutionArn);
        Assert.Null(await executions.FindByCallbackAsync(DurableExecutionRules.NewCallbackId(arn, callback.Id + "0"), null, CancellationToken.None));
        Assert.Null(await executions.FindByCallbackAsync("not-a-callback-id", null, CancellationToken.None));
    }

    [Fact]
    public async Task Starts_WhenSharingATransactionAfterAnUpgrade_ShouldKeepEachExecutionsOperationsApart()
    {
        await CreateAtStep8WithOldExecutionAsync();
        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);

        // Hold the write gate so that the three starts are asked for while a transaction is pending: they share the next one.
        var release = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var blocker = database.WriteAsync(async (_, _) => { holding.SetResult(); await release.Task; }, CancellationToken.None);
        await holding.Task;
        var starts = Enumerable.Range(0, 3).Select(i => executions.StartExecutionAsync("Keys", $"keys-{i}", $"{i}", null, null, CancellationToken.None)).ToList();
        release.SetResult();
        await blocker;
        await Task.WhenAll(starts);
        var claims = await executions.ClaimDueAsync(10, CancellationToken.None);
        foreach (var claim in claims.Where(c => c.Arn != OldArn))
        {
            var name = (await executions.GetAsync(claim.Arn, CancellationToken.None))!.Name;
            await executions.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("s", $"\"{name}\"")], null, CancellationToken.None);
        }

        for (var i = 0; i < 3; i++)
        {
            var record = (await executions.GetAsync($"keys-{i}", CancellationToken.None))!;
            Assert.Equal([OperationTypes.Execution, OperationTypes.Step], record.Operations.Select(o => o.Type));
            Assert.Equal($"keys-{i}", record.Operations[0].Name);
            Assert.Equal($"\"keys-{i}\"", record.Operations[1].StepDetails?.Result);
        }

        Assert.Equal(["old-layout-1", "a", "b"], (await executions.GetAsync(OldArn, CancellationToken.None))!.Operations.Select(o => o.Name));
    }

    [Fact]
    public async Task Writes_WhenAnotherProcessAnswersACallbackBetweenThem_ShouldSeeItsAnswer()
    {
        var here = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var there = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var function = CallbackWorkflow();
        await here.StartExecutionAsync("Approve", "approve-1", "\"doc\"", null, null, CancellationToken.None);
        await DurableDriver.RunDueAsync(here, _ => function);
        var callbackId = (await here.GetAsync("approve-1", CancellationToken.None))!.Operations.Single(o => o.Type == OperationTypes.Callback).CallbackDetails!.CallbackId!;

        // The record "here" holds in memory is now older than the file: its next write must read the file's.
        await there.CompleteCallbackAsync(callbackId, true, "\"yes\"", null, CancellationToken.None);
        await DurableDriver.RunDueAsync(here, _ => function);

        var record = (await there.GetAsync("approve-1", CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Succeeded, record.Status);
        Assert.Equal("\"doc:yes\"", record.Result);
        Assert.Equal(1, _runs["prepare"]);
    }

    [Fact]
    public async Task Checkpoint_WhenTheRecordIsReadFromAStateRowWithoutTheToken_ShouldTakeTheTokenLastIssuedAndRefuseTheOlderOne()
    {
        var database = await _folder.OpenAsync();
        var here = new SqliteDurableExecutions(database, _clock);
        await here.StartExecutionAsync("Tokens", "tokens-row", "1", null, null, CancellationToken.None);
        var claim = (await here.ClaimDueAsync(1, CancellationToken.None)).Single();
        var first = await here.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("a", "1")], null, CancellationToken.None);

        // The state row keeps the token's sequence, not the token: another service (nothing in memory) rebuilds it from the ARN.
        var states = await database.ReadAsync(
            c => Sql.ListAsync(c, null, "SELECT json_extract(state, '$.TokenSequence') || '|' || IFNULL(json_extract(state, '$.CheckpointToken'), '-') FROM durable_execution_states;", r => r.GetString(0), CancellationToken.None),
            CancellationToken.None);
        Assert.Equal("2|-", Assert.Single(states));
        var there = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        await Assert.ThrowsAsync<DurableServiceException>(() => there.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("b", "2")], null, CancellationToken.None));
        var second = await there.CheckpointAsync(claim.Arn, first.CheckpointToken, [Succeed("b", "2")], null, CancellationToken.None);

        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(DurableExecutionRules.ExecutionOperationId(claim.Arn) + ":3")), second.CheckpointToken);
    }

    [Fact]
    public async Task Checkpoint_WhenTheRecordHeldInMemoryWouldRefuseItsTokenButTheFileTakesIt_ShouldBeAccepted()
    {
        var here = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        var there = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        await here.StartExecutionAsync("Tokens", "tokens-1", "1", null, null, CancellationToken.None);
        var claim = (await here.ClaimDueAsync(1, CancellationToken.None)).Single();

        // "there" takes the invocation's token and issues the next one: "here" still holds the record with the first.
        var next = await there.CheckpointAsync(claim.Arn, claim.Envelope.CheckpointToken, [Succeed("a", "1")], null, CancellationToken.None);
        var answer = await here.CheckpointAsync(claim.Arn, next.CheckpointToken, [Succeed("b", "2")], null, CancellationToken.None);

        Assert.NotEqual(next.CheckpointToken, answer.CheckpointToken);
        var record = (await there.GetAsync("tokens-1", CancellationToken.None))!;
        Assert.Equal(["1", "2"], record.Operations.Where(o => o.Type == OperationTypes.Step).Select(o => o.StepDetails?.Result));
        await Assert.ThrowsAsync<DurableServiceException>(() => here.CheckpointAsync(claim.Arn, next.CheckpointToken, [Succeed("c", "3")], null, CancellationToken.None));
    }

    [Fact]
    public async Task Writes_WhenAnotherProcessChangedARecordHeldInMemory_ShouldWriteTheWholeBatchAgainFromTheFile()
    {
        var database = await _folder.OpenAsync();
        var here = new SqliteDurableExecutions(database, _clock);
        var there = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);
        await here.StartExecutionAsync("Stale", "stale-1", "1", null, null, CancellationToken.None);
        await here.StartExecutionAsync("Stale", "stale-2", "1", null, null, CancellationToken.None);
        var claims = await here.ClaimDueAsync(2, CancellationToken.None);
        var first = await there.CheckpointAsync(claims[0].Arn, claims[0].Envelope.CheckpointToken, [Succeed("a", "there")], null, CancellationToken.None);
        var before = here.WriteTransactions;

        // Both checkpoints are asked for while a transaction is pending, so they share the next one: the first meets its
        // stale record, so neither is committed by the first try.
        var release = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var blocker = database.WriteAsync(async (_, _) => { holding.SetResult(); await release.Task; }, CancellationToken.None);
        await holding.Task;
        var checkpoints = new[]
        {
            here.CheckpointAsync(claims[0].Arn, first.CheckpointToken, [Succeed("b", "here")], null, CancellationToken.None),
            here.CheckpointAsync(claims[1].Arn, claims[1].Envelope.CheckpointToken, [Succeed("a", "here")], null, CancellationToken.None),
        };
        release.SetResult();
        await blocker;
        await Task.WhenAll(checkpoints);

        Assert.InRange(here.WriteTransactions - before, 1, 2);
        Assert.Equal(["there", "here"], (await here.GetAsync("stale-1", CancellationToken.None))!.Operations.Where(o => o.Type == OperationTypes.Step).Select(o => o.StepDetails?.Result));
        Assert.Equal(["here"], (await here.GetAsync("stale-2", CancellationToken.None))!.Operations.Where(o => o.Type == OperationTypes.Step).Select(o => o.StepDetails?.Result));
    }

    [Fact]
    public async Task Checkpoints_WhenSentTogetherAndOneIsRefused_ShouldCommitTheOthersInSharedTransactions()
    {
        var database = await _folder.OpenAsync();
        var executions = new SqliteDurableExecutions(database, _clock);
        for (var i = 0; i < 6; i++)
        {
            await executions.StartExecutionAsync("Batch", $"batch-{i}", "1", null, null, CancellationToken.None);
        }

        var claims = await executions.ClaimDueAsync(10, CancellationToken.None);
        Assert.Equal(6, claims.Count);
        var before = executions.WriteTransactions;

        // Hold the write gate so that every checkpoint is asked for while a transaction is pending.
        var release = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var blocker = database.WriteAsync(async (_, _) => { holding.SetResult(); await release.Task; }, CancellationToken.None);
        await holding.Task;
        var checkpoints = claims.Select((claim, i) => executions.CheckpointAsync(
            claim.Arn,
            i == 2 ? "stale-token" : claim.Envelope.CheckpointToken,
            [new OperationUpdate { Id = "s", Name = "s", Type = OperationTypes.Step, SubType = OperationSubTypes.Step, Action = OperationActions.Succeed, Payload = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
            null,
            CancellationToken.None)).ToList();
        release.SetResult();
        await blocker;
        var outcomes = await Task.WhenAll(checkpoints.Select(async c =>
        {
            try
            {
                return (await c).CheckpointToken;
            }
            catch (DurableServiceException ex)
            {
                return ex.ErrorCode;
            }
        }));

        Assert.Equal("InvalidParameterValueException", outcomes[2]);
        Assert.All(outcomes.Where((_, i) => i != 2), token => Assert.NotEqual("InvalidParameterValueException", token));
        Assert.InRange(executions.WriteTransactions - before, 1, 2);
        for (var i = 0; i < claims.Count; i++)
        {
            var step = (await executions.GetAsync(claims[i].Arn, CancellationToken.None))!.Operations.SingleOrDefault(o => o.Id == "s");
            Assert.Equal(i == 2 ? null : i.ToString(System.Globalization.CultureInfo.InvariantCulture), step?.StepDetails?.Result);
        }
    }

    private static OperationUpdate Succeed(string id, string payload) =>
        new() { Id = id, Name = id, Type = OperationTypes.Step, SubType = OperationSubTypes.Step, Action = OperationActions.Succeed, Payload = payload };

    /// <summary>A database at schema step 8 holding the captured execution, as a Conveyor of before step 9 left it.</summary>
    private async Task CreateAtStep8WithOldExecutionAsync()
    {
        Directory.CreateDirectory(_folder.Path);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = new LocalDatabaseOptions(_folder.Path).DatabasePath }.ToString());
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await Sql.ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);", CancellationToken.None);
        foreach (var migration in Migrations.All.Where(m => m.Version <= 8))
        {
            await Sql.ExecuteAsync(connection, transaction, migration.Sql, CancellationToken.None);
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO schema_version VALUES ($v, $d, '2026-11-30T12:00:00Z');", CancellationToken.None, ("$v", migration.Version), ("$d", migration.Description));
        }

        await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO durable_executions (arn, name, function_name, status, record, next_due, needs_invocation, leased, started_at, updated_at, task_id, task_synced) VALUES ($a, 'old-layout-1', 'Upgrade', 'RUNNING', $r, NULL, 0, 1, '2026-11-30T12:00:00.000Z', '2026-11-30T12:00:00.000Z', 'tenant-a/task-1', 0);",
            CancellationToken.None,
            ("$a", OldArn),
            ("$r", OldRecord));
        await transaction.CommitAsync();
    }

    /// <summary>A database at schema step 11 holding the captured execution waiting for its callback, as a Conveyor of step 11 left it.</summary>
    private async Task CreateAtStep11WithWaitingExecutionAsync()
    {
        Directory.CreateDirectory(_folder.Path);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = new LocalDatabaseOptions(_folder.Path).DatabasePath }.ToString());
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await Sql.ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);", CancellationToken.None);
        foreach (var migration in Migrations.All.Where(m => m.Version <= 11))
        {
            await Sql.ExecuteAsync(connection, transaction, migration.Sql, CancellationToken.None);
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO schema_version VALUES ($v, $d, '2026-11-30T12:00:00Z');", CancellationToken.None, ("$v", migration.Version), ("$d", migration.Description));
        }

        await Sql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO durable_executions (arn, name, function_name, status, record, next_due, needs_invocation, leased, started_at, updated_at, task_id, task_synced, version, operations_key) VALUES ($a, 'step11-1', 'Upgrade', 'RUNNING', $r, '2026-11-30T13:00:00.000Z', 0, 0, '2026-11-30T12:00:00.000Z', '2026-11-30T12:00:00.000Z', 'tenant-a/task-11', 0, 6, 1);",
            CancellationToken.None,
            ("$a", Step11Arn),
            ("$r", Step11Record));
        for (var position = 0; position < Step11Operations.Length; position++)
        {
            await Sql.ExecuteAsync(
                connection, transaction, "INSERT INTO durable_operation_log (execution, position, operation) VALUES (1, $p, $o);", CancellationToken.None, ("$p", position), ("$o", Step11Operations[position]));
        }

        await transaction.CommitAsync();
    }

    private DurableFunction<string, string> Step11Workflow() => new(
        async (input, ctx, ct) =>
        {
            var prepared = await ctx.StepAsync("prepare", (_, _) => Run("prepare", input + ":prepared"), cancellationToken: ct);
            var answer = await ctx.WaitForCallbackAsync<string>("approve", (_, _, _) => Task.CompletedTask, new CallbackOptions { Timeout = TimeSpan.FromHours(1) }, ct);
            return $"{prepared}:{answer}";
        },
        null,
        new DurableFunctionOptions { Time = _clock });

    private DurableFunction<string, string> UpgradeWorkflow() => new(
        async (input, ctx, ct) =>
        {
            var a = await ctx.StepAsync("a", (_, _) => Run("a", input + ":a"), cancellationToken: ct);
            string b;
            try
            {
                b = await ctx.StepAsync("b", (_, _) => Run("b", "ran"), new StepOptions { Semantics = StepSemantics.AtMostOncePerRetry }, ct);
            }
            catch (DurableOperationFailedException ex)
            {
                b = "b:" + ex.ErrorType;
            }

            var c = await ctx.StepAsync("c", (_, _) => Run("c", "c"), cancellationToken: ct);
            return $"{a}|{b}|{c}";
        },
        null,
        new DurableFunctionOptions { Time = _clock });

    private DurableFunction<string, string> CallbackWorkflow() => new(
        async (input, ctx, ct) =>
        {
            var prepared = await ctx.StepAsync("prepare", (_, _) => Run("prepare", input), cancellationToken: ct);
            var answer = await ctx.WaitForCallbackAsync<string>("approve", (_, _, _) => Task.CompletedTask, cancellationToken: ct);
            return $"{prepared}:{answer}";
        },
        null,
        new DurableFunctionOptions { Time = _clock });

    private Task<string> Run(string step, string result)
    {
        lock (_runs)
        {
            _runs[step] = _runs.GetValueOrDefault(step) + 1;
        }

        return Task.FromResult(result);
    }
}
