using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.Engine.Storage;
using Conveyor.Local.Engine.Workflows;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Engine.Tests.Workflows;

/// <summary>
/// The workflow runner's durable side, without an engine: a start is idempotent per execution name (as Step Functions'
/// StartExecution), a run stays RUNNING until its one outcome is stored, and a restart finds what is still running.
/// </summary>
public sealed class WorkflowRunStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "conveyor-runs-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly EngineSignals _signals = new();
    private LocalDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(_directory), CancellationToken.None);
        await EngineSchema.EnsureAsync(_database, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _signals.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StartAsync_WhenTheSameExecutionIsStartedTwice_ShouldStoreOneRunAndSayTheSecondWasAlreadyStarted()
    {
        var starter = new LocalWorkflowStarter(new WorkflowRunStore(_database, _time), _signals);

        var first = await starter.StartAsync(Start("exec-1"), CancellationToken.None);
        var second = await starter.StartAsync(Start("exec-1"), CancellationToken.None);

        Assert.False(first.AlreadyStarted);
        Assert.True(second.AlreadyStarted);
        Assert.Equal(first.ExecutionId, second.ExecutionId);
        var run = Assert.Single(await new WorkflowRunStore(_database, _time).ListRunningAsync(10, CancellationToken.None));
        Assert.Equal("exec-1", run.ExecutionName);
        Assert.Equal(new TaskKey("SFN_TASK#acme", "csv-import#01"), run.TaskKey);
        Assert.Equal(0, run.Starts);
    }

    [Fact]
    public async Task ListRunningAsync_WhenRunsStartedAndOneEnded_ShouldListTheRestOldestFirstWithTheirStarts()
    {
        var runs = new WorkflowRunStore(_database, _time);
        await runs.InsertAsync(Start("exec-a"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await runs.InsertAsync(Start("exec-b"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await runs.InsertAsync(Start("exec-c"), CancellationToken.None);
        await runs.MarkStartedAsync("exec-a", CancellationToken.None);
        await runs.MarkStartedAsync("exec-a", CancellationToken.None);

        await runs.CompleteAsync("exec-b", "SUCCEEDED", null, null, CancellationToken.None);

        var running = await runs.ListRunningAsync(10, CancellationToken.None);
        Assert.Equal(["exec-a", "exec-c"], running.Select(r => r.ExecutionName));
        Assert.Equal(2, running[0].Starts);
        Assert.Equal(["exec-a"], (await runs.ListRunningAsync(1, CancellationToken.None)).Select(r => r.ExecutionName));
    }

    [Fact]
    public async Task CompleteAsync_WhenARunEndsTwice_ShouldKeepTheFirstOutcome()
    {
        var runs = new WorkflowRunStore(_database, _time);
        await runs.InsertAsync(Start("exec-1"), CancellationToken.None);

        await runs.CompleteAsync("exec-1", "FAILED", "States.Timeout", "took too long", CancellationToken.None);
        await runs.CompleteAsync("exec-1", "SUCCEEDED", null, null, CancellationToken.None);

        Assert.Equal("FAILED", (await runs.GetAsync("exec-1", CancellationToken.None))?.Status);
        Assert.Empty(await runs.ListRunningAsync(10, CancellationToken.None));
        Assert.Null(await runs.GetAsync("exec-unknown", CancellationToken.None));
    }

    private static WorkflowStart Start(string executionName)
    {
        using var input = JsonDocument.Parse("""{"parent":{"pk":"SFN_TASK#acme","sk":"csv-import#01"}}""");
        return new WorkflowStart(new TaskKey("SFN_TASK#acme", "csv-import#01"), executionName, input.RootElement.Clone());
    }
}
