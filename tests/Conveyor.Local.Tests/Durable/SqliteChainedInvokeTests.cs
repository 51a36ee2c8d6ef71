using System.Collections.Concurrent;
using System.Text.Json;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;
using Conveyor.Local.Durable;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Durable;

/// <summary>
/// <c>InvokeAsync</c> on the embedded engine: a CHAINED_INVOKE of a durable function the engine runs starts a child
/// execution once, and the child's end answers the parent's operation; a function the engine does not run fails it.
/// </summary>
public sealed class SqliteChainedInvokeTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private readonly DurableTestClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDurableFunction> _functions = new(StringComparer.Ordinal);
    private SqliteDurableExecutions _executions = null!;

    public async Task InitializeAsync()
    {
        _functions["Parent"] = new DurableFunction<int, string>(async (input, ctx, ct) =>
        {
            var doubled = await ctx.InvokeAsync<int, int>("double", "Doubler", input, ct);
            string missing;
            try
            {
                await ctx.InvokeAsync<int, int>("nowhere", "NotDeployedHere", input, ct);
                missing = "invoked";
            }
            catch (DurableOperationFailedException ex)
            {
                missing = ex.ErrorType;
            }

            var failed = "none";
            try
            {
                await ctx.InvokeAsync<int, int>("refuse", "Doubler", -1, ct);
            }
            catch (DurableOperationFailedException ex)
            {
                failed = ex.Message;
            }

            return $"{doubled}|{missing}|{failed}";
        }, null, new DurableFunctionOptions { Time = _clock });
        _functions["Doubler"] = new DurableFunction<int, int>(async (input, ctx, ct) =>
            await ctx.StepAsync("twice", (_, _) =>
            {
                _runs.AddOrUpdate("twice:" + input, 1, (_, n) => n + 1);
                return input < 0 ? throw new InvalidOperationException("negative input") : Task.FromResult(input * 2);
            }, cancellationToken: ct), null, new DurableFunctionOptions { Time = _clock });
        var catalog = new DurableWorkflowCatalog(_functions.Select(f => new DurableWorkflowRegistration(f.Key.ToLowerInvariant(), f.Key, new Lazy<IDurableFunction>(f.Value))));
        _executions = new SqliteDurableExecutions(await _folder.OpenAsync(), _clock, catalog);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_WhenTheFunctionRunsOnTheEngine_ShouldRunItOnceAsAChildAndReturnItsResult()
    {
        var (arn, _, _) = await _executions.StartExecutionAsync("Parent", "parent-1", "21", null, null, CancellationToken.None);

        await RunDueAsync();

        var parent = (await _executions.GetAsync(arn, CancellationToken.None))!;
        Assert.Equal(ExecutionStatuses.Succeeded, parent.Status);
        var result = JsonSerializer.Deserialize<string>(parent.Result!)!.Split('|');
        Assert.Equal("42", result[0]);
        Assert.Equal("ResourceNotFoundException", result[1]);
        Assert.Contains("negative input", result[2], StringComparison.Ordinal);
        var doubleOperation = parent.Operations.Single(o => o.Name == "double");
        Assert.Equal((OperationTypes.ChainedInvoke, OperationStatuses.Succeeded, "42"), (doubleOperation.Type, doubleOperation.Status, doubleOperation.ChainedInvokeDetails!.Result));
        var child = (await _executions.GetAsync(SqliteDurableExecutions.ChildName(arn, doubleOperation.Id), CancellationToken.None))!;
        Assert.Equal((ExecutionStatuses.Succeeded, arn, true), (child.Status, child.ParentArn, child.ParentAnswered));
        Assert.Equal(1, _runs["twice:21"]);
        Assert.Equal(1, _runs["twice:-1"]);
        // The parent and one child per invoke of a function the engine runs, however often the parent replayed.
        Assert.Equal(new Dictionary<string, int> { [ExecutionStatuses.Succeeded] = 2, [ExecutionStatuses.Failed] = 1 }, await _executions.CountByStatusAsync(CancellationToken.None));
    }

    private Task RunDueAsync() => DurableDriver.RunDueAsync(_executions, name => _functions[name]);
}
