using System.Collections.Concurrent;
using System.Text.Json;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;
using Conveyor.Local.Durable;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Durable;

/// <summary>The embedded durable execution service on a real SQLite file, driven the way the engine's loop drives it.</summary>
public sealed class SqliteDurableExecutionsTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private readonly DurableTestClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private SqliteDurableExecutions _executions = null!;

    public async Task InitializeAsync() => _executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock);

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task Execution_WhenRunThroughWaitAndCallbackWithAKilledInvocation_ShouldSucceedWithEachStepOnce()
    {
        var (arn, created, _) = await _executions.StartExecutionAsync("Chain", "order-1", "\"o-1\"", null, null, CancellationToken.None);
        var (again, createdAgain, _) = await _executions.StartExecutionAsync("Chain", "order-1", "\"other\"", null, null, CancellationToken.None);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(arn, again);

        await RunDueAsync();
        var callbackId = (await _executions.GetAsync("order-1", CancellationToken.None))!.Operations.Single(o => o.Type == OperationTypes.Callback).CallbackDetails!.CallbackId!;
        Assert.Equal(1, _runs["a"]);

        // A process claims the execution (the timer fired) and is killed before invoking: the lease is left behind.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(await _executions.ClaimDueAsync(10, CancellationToken.None));
        await _executions.CompleteCallbackAsync(callbackId, true, "\"yes\"", null, CancellationToken.None);
        var abandoned = Assert.Single(await _executions.ClaimDueAsync(10, CancellationToken.None));
        Assert.Empty(await _executions.ClaimDueAsync(10, CancellationToken.None));
        Assert.Equal(1, await _executions.RecoverAsync(CancellationToken.None));
        Assert.Equal(arn, abandoned.Arn);

        await RunDueAsync();

        var record = (await _executions.GetAsync(arn, CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Succeeded, record.Status);
        Assert.Equal("\"o-1:yes:3\"", record.Result);
        Assert.Equal(1, _runs["a"]);
        Assert.Equal(1, _runs["b"]);
        Assert.Equal(new Dictionary<string, int> { [ExecutionStatuses.Succeeded] = 1 }, await _executions.CountByStatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoint_WhenTheTokenIsStale_ShouldBeRefused()
    {
        var (arn, _, _) = await _executions.StartExecutionAsync("Chain", "order-2", "\"o\"", null, null, CancellationToken.None);
        var claim = Assert.Single(await _executions.ClaimDueAsync(10, CancellationToken.None));
        var update = new OperationUpdate { Id = "x", Name = "x", Type = OperationTypes.Step, SubType = OperationSubTypes.Step, Action = OperationActions.Start };

        await _executions.CheckpointAsync(arn, claim.Envelope.CheckpointToken, [update], null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DurableServiceException>(() => _executions.CheckpointAsync(arn, claim.Envelope.CheckpointToken, [update], null, CancellationToken.None));

        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
    }

    [Fact]
    public async Task ExecutionsDue_ShouldBeRaisedByANewStartACallbacksAnswerAndAStopButNotByTheInvokersOwnWrites()
    {
        var raised = 0;
        _executions.ExecutionsDue += (_, _) => Interlocked.Increment(ref raised);

        var (arn, _, _) = await _executions.StartExecutionAsync("Chain", "due-1", "\"o\"", null, null, CancellationToken.None);
        Assert.Equal(1, raised);
        await _executions.StartExecutionAsync("Chain", "due-1", "\"o\"", null, null, CancellationToken.None);
        Assert.Equal(1, raised);

        var claim = Assert.Single(await _executions.ClaimDueAsync(10, CancellationToken.None));
        var callback = new OperationUpdate { Id = "c", Name = "approval", Type = OperationTypes.Callback, SubType = OperationSubTypes.Callback, Action = OperationActions.Start };
        await _executions.CheckpointAsync(arn, claim.Envelope.CheckpointToken, [callback], null, CancellationToken.None);
        await _executions.CompleteInvocationAsync(arn, new DurableInvocationOutput { Status = InvocationStatuses.Pending }, CancellationToken.None);
        Assert.Equal(1, raised);

        var callbackId = (await _executions.GetAsync(arn, CancellationToken.None))!.Operations.Single(o => o.Type == OperationTypes.Callback).CallbackDetails!.CallbackId!;
        await _executions.SendCallbackSuccessAsync(callbackId, "true", CancellationToken.None);
        Assert.Equal(2, raised);

        await _executions.StopAsync(arn, null, CancellationToken.None);
        Assert.Equal(3, raised);
    }

    [Fact]
    public async Task Start_WhenOneNameIsStartedManyTimesAtOnce_ShouldCreateOneExecutionAndAnswerEveryCallerWithIt()
    {
        // Starts asked for together share transactions: the name is checked by the insert itself, so the first start of a
        // name in a transaction creates it and the later ones, in the same transaction or not, find it.
        var starts = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Task.Run(() => _executions.StartExecutionAsync("Chain", "same-" + (i % 4), "\"in\"", null, "task-" + i, CancellationToken.None))));

        foreach (var group in starts.GroupBy(s => s.Arn, StringComparer.Ordinal))
        {
            var created = Assert.Single(group, s => s.Created);
            Assert.All(group, s => Assert.Equal(created.TaskId, s.TaskId));
        }

        Assert.Equal(4, starts.Select(s => s.Arn).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(new Dictionary<string, int> { [ExecutionStatuses.Running] = 4 }, await _executions.CountByStatusAsync(CancellationToken.None));
        var claims = await _executions.ClaimDueAsync(10, CancellationToken.None);
        Assert.Equal(starts.Select(s => s.Arn).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), claims.Select(c => c.Arn).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal("\"in\"", c.Envelope.InitialExecutionState!.Operations![0].ExecutionDetails!.InputPayload));
    }

    private async Task RunDueAsync()
    {
        var function = new DurableFunction<string, string>(async (input, ctx, ct) =>
        {
            var a = await ctx.StepAsync("a", (_, _) => { _runs.AddOrUpdate("a", 1, (_, n) => n + 1); return Task.FromResult(input); }, cancellationToken: ct);
            var answer = await ctx.WaitForCallbackAsync<string>("approve", (_, _, _) => Task.CompletedTask, cancellationToken: ct);
            await ctx.WaitAsync("pause", TimeSpan.FromMinutes(5), ct);
            var b = await ctx.StepAsync("b", (_, _) => { _runs.AddOrUpdate("b", 1, (_, n) => n + 1); return Task.FromResult(3); }, cancellationToken: ct);
            return $"{a}:{answer}:{b}";
        }, null, new DurableFunctionOptions { Time = _clock });

        await DurableDriver.RunDueAsync(
            _executions,
            _ => function,
            async () =>
            {
                if (DurableExecutionRules.NextDue((await _executions.GetAsync("order-1", CancellationToken.None))!, includeDeadlines: false) is { } due && due > _clock.GetUtcNow())
                {
                    _clock.MoveTo(due);
                    return true;
                }

                return false;
            },
            maxRounds: 20);
    }
}
