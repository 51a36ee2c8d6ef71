using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.Tasks;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Tasks;

public sealed class SqliteTaskStoreTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task UpdateAsync_WhenTwoIndependentHandlesRace_ShouldLetExactlyOneWin()
    {
        // Two LocalDatabase instances have separate connection pools, as the engine and the CLI in two processes would.
        var task = TestTasks.New();
        await new SqliteTaskStore(_folder.Database, TimeProvider.System).CreateAsync(task, null, CancellationToken.None);
        var stores = new[] { _folder.Database, await _folder.OpenAsync(), await _folder.OpenAsync(), await _folder.OpenAsync() }
            .Select(d => new SqliteTaskStore(d, TimeProvider.System)).ToArray();

        var outcomes = await Task.WhenAll(stores.Select((store, i) => Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(i % 2 == 0 ? task.Queue(TestTasks.Now) : task.Fail(new TaskError("X", "x"), TestTasks.Now), TaskWriteCondition.For(task), CancellationToken.None);
                return true;
            }
            catch (TaskConflictException)
            {
                return false;
            }
        })));

        var stored = await stores[0].GetAsync(task.Key, CancellationToken.None);
        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(2, stored!.Version);
    }

    [Fact]
    public async Task QueryAsync_WhenTokenIsTampered_ShouldThrowValidation()
    {
        var store = new SqliteTaskStore(_folder.Database, TimeProvider.System);
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await store.CreateAsync(TestTasks.New(tenant), null, CancellationToken.None);
        }

        var page = await store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1), CancellationToken.None);
        var tampered = page.ContinuationToken![..^2] + (page.ContinuationToken[^2] == 'A' ? "BA" : "AA");

        await Assert.ThrowsAsync<ValidationException>(() => store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1, ContinuationToken: tampered), CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1, Ascending: false, ContinuationToken: page.ContinuationToken), CancellationToken.None));
    }

    [Fact]
    public async Task QueryAsync_WhenTokenComesFromAnotherDatabase_ShouldThrowValidation()
    {
        var tenant = "acme";
        var store = new SqliteTaskStore(_folder.Database, TimeProvider.System);
        var other = new TempEngineFolder();
        await other.InitializeAsync();
        try
        {
            var otherStore = new SqliteTaskStore(other.Database, TimeProvider.System);
            for (var i = 0; i < 2; i++)
            {
                await store.CreateAsync(TestTasks.New(tenant), null, CancellationToken.None);
                await otherStore.CreateAsync(TestTasks.New(tenant), null, CancellationToken.None);
            }

            var foreign = await otherStore.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1), CancellationToken.None);

            await Assert.ThrowsAsync<ValidationException>(() => store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1, ContinuationToken: foreign.ContinuationToken), CancellationToken.None));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListAsync_WhenFilteredByStatusAndKindAcrossTenants_ShouldReturnMatchesInCreationOrderAndPage()
    {
        var store = new SqliteTaskStore(_folder.Database, TimeProvider.System);
        var listing = new SqliteTaskListing(_folder.Database);
        var a = TestTasks.New("alpha", at: TestTasks.Now);
        var b = TestTasks.New("beta", at: TestTasks.Now.AddSeconds(1));
        var c = TestTasks.New("gamma", stepFunction: true, at: TestTasks.Now.AddSeconds(2));
        foreach (var task in new[] { a, b, c })
        {
            await store.CreateAsync(task, null, CancellationToken.None);
        }

        await store.UpdateAsync(b.Queue(TestTasks.Now), TaskWriteCondition.For(b), CancellationToken.None);

        var created = await listing.ListAsync(new LocalTaskFilter(Status: TrackedTaskStatus.Created), CancellationToken.None);
        var sfn = await listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction), CancellationToken.None);
        var page2 = await listing.ListAsync(new LocalTaskFilter(Limit: 1, AfterId: a.Id), CancellationToken.None);
        var counts = await listing.CountByStatusAsync(null, CancellationToken.None);

        Assert.Equal([a.Key, c.Key], created.Select(t => t.Key));
        Assert.Equal([c.Key], sfn.Select(t => t.Key));
        Assert.Equal([b.Key], page2.Select(t => t.Key));
        Assert.Equal(2, counts[TrackedTaskStatus.Created]);
        Assert.Equal(1, counts[TrackedTaskStatus.Queued]);
    }
}
