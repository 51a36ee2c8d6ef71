using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using static Conveyor.Core.Contracts.ContractTasks;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="ITaskStore"/> must do (in-memory, SQLite, DynamoDB). Derive, return a store from
/// <see cref="CreateStoreAsync"/> (fresh, or shared: every test uses its own tenant). Queries are in the other part.
/// </summary>
public abstract partial class TaskStoreContract
{
    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract Task<ITaskStore> CreateStoreAsync();

    [Fact]
    public async Task CreateAsync_WhenGetAfterwards_ShouldRoundTripEveryField()
    {
        var store = await CreateStoreAsync();
        var parent = NewTask(UniqueTenant(), stepFunction: true, input: """[{"a":1},{"b":[true,null,"é"]}]""") with
        {
            Name = "Nightly import",
            Status = TrackedTaskStatus.Finished,
            Version = 7,
            Result = Json("""{"rows":42,"nested":{"x":[1.5,"y"]}}"""),
            Error = new TaskError("SubTaskFailed", "1 of 2 subtasks failed"),
            UpdatedAt = BaseTime.AddMinutes(5),
            CreatedBy = "alice@example.com",
            RequestId = "req-123",
        };
        var sub = SubTaskOf(parent, 1, """{"b":[true,null,"é"]}""") with { Status = TrackedTaskStatus.Failed, Version = 3 };
        parent = parent with
        {
            Attributes = new ProgressSummary(2, 1, 1, 0, [new SubTaskSummary(parent.Key.Pk, parent.Key.Sk + "#0", TrackedTaskStatus.Completed), new SubTaskSummary(sub.Key.Pk, sub.Key.Sk, TrackedTaskStatus.Failed)]),
        };

        var created = await store.CreateAsync(parent, null, Ct);
        await store.CreateSubTasksAsync([sub], Ct);

        Assert.True(created.Created);
        AssertSame(parent, await store.GetAsync(parent.Key, Ct));
        AssertSame(sub, await store.GetAsync(sub.Key, Ct));
    }

    [Fact]
    public async Task GetAsync_WhenRowIsMissing_ShouldReturnNull()
    {
        var store = await CreateStoreAsync();

        var row = await store.GetAsync(NewTask(UniqueTenant()).Key, Ct);

        Assert.Null(row);
    }

    [Fact]
    public async Task CreateAsync_WhenIdempotencyKeyRepeats_ShouldReturnFirstTaskWithCreatedFalse()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var first = NewTask(tenant, 0);
        var second = NewTask(tenant, 1, input: """{"n":2}""");

        var one = await store.CreateAsync(first, "upload-77", Ct);
        var two = await store.CreateAsync(second, "upload-77", Ct);

        Assert.True(one.Created);
        Assert.False(two.Created);
        AssertSame(first, two.Task);
        Assert.Null(await store.GetAsync(second.Key, Ct));
    }

    [Fact]
    public async Task CreateAsync_WhenSameIdempotencyKeyInAnotherTenant_ShouldCreateBoth()
    {
        var store = await CreateStoreAsync();
        var first = NewTask(UniqueTenant());
        var second = NewTask(UniqueTenant());

        var one = await store.CreateAsync(first, "same-key", Ct);
        var two = await store.CreateAsync(second, "same-key", Ct);

        Assert.True(one.Created);
        Assert.True(two.Created);
        AssertSame(second, two.Task);
    }

    [Fact]
    public async Task CreateAsync_WhenKeyExistsWithoutIdempotencyKey_ShouldThrowConflictAndKeepRow()
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);

        await Assert.ThrowsAsync<TaskConflictException>(() => store.CreateAsync(task with { Name = "other" }, null, Ct));

        Assert.Equal(task.Name, (await store.GetAsync(task.Key, Ct))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_WhenConditionHolds_ShouldStoreEachNextVersion()
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);
        var queued = task.Queue(BaseTime.AddSeconds(1));
        var processing = queued.BeginProcessing(BaseTime.AddSeconds(2));

        await store.UpdateAsync(queued, TaskWriteCondition.For(task), Ct);
        var stored = await store.UpdateAsync(processing, TaskWriteCondition.For(queued), Ct);

        AssertSame(processing, stored);
        AssertSame(processing, await store.GetAsync(task.Key, Ct));
        Assert.Equal(3, processing.Version);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task UpdateAsync_WhenWritersRaceOnOneVersion_ShouldLetExactlyOneWin(int writers)
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);
        var condition = TaskWriteCondition.For(task);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, writers).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                var next = task.Queue(BaseTime.AddSeconds(1)) with { Name = $"writer-{i}" };
                try
                {
                    await store.UpdateAsync(next, condition, Ct);
                    return next.Name;
                }
                catch (TaskConflictException)
                {
                    return null;
                }
            },
            Ct)).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, name => name is not null);
        var stored = await store.GetAsync(task.Key, Ct);
        Assert.Equal(winner, stored!.Name);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task UpdateAsync_WhenStoredStatusIsNotAllowed_ShouldThrowConflictAndKeepRow()
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);

        await Assert.ThrowsAsync<TaskConflictException>(() => store.UpdateAsync(
            task.Queue(BaseTime.AddSeconds(1)),
            new TaskWriteCondition(task.Version, [TrackedTaskStatus.Queued, TrackedTaskStatus.Errored]),
            Ct));

        AssertSame(task, await store.GetAsync(task.Key, Ct));
    }

    [Fact]
    public async Task UpdateAsync_WhenVersionIsStale_ShouldThrowConflictAndKeepRow()
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);
        var queued = task.Queue(BaseTime.AddSeconds(1));
        await store.UpdateAsync(queued, TaskWriteCondition.For(task), Ct);

        await Assert.ThrowsAsync<TaskConflictException>(() => store.UpdateAsync(task.MoveTo(TrackedTaskStatus.Failed, BaseTime) with { Error = new TaskError("X", "x") }, TaskWriteCondition.For(task), Ct));

        AssertSame(queued, await store.GetAsync(task.Key, Ct));
    }

    [Fact]
    public async Task UpdateAsync_WhenRowIsMissing_ShouldThrowConflictAndNotInsert()
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());

        await Assert.ThrowsAsync<TaskConflictException>(() => store.UpdateAsync(task.Queue(BaseTime), TaskWriteCondition.For(task), Ct));

        Assert.Null(await store.GetAsync(task.Key, Ct));
    }

    [Fact]
    public async Task TryUpdateEachAsync_WhenOneConditionFails_ShouldWriteTheOthersAndReturnNullForIt()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var a = NewTask(tenant);
        var b = NewTask(tenant);
        var c = NewTask(tenant);
        foreach (var task in new[] { a, b, c }) { await store.CreateAsync(task, null, Ct); }
        var bQueued = b.Queue(BaseTime.AddSeconds(1));
        await store.UpdateAsync(bQueued, TaskWriteCondition.For(b), Ct);

        var stored = await store.TryUpdateEachAsync(
            [
                new TaskUpdate(a.Queue(BaseTime.AddSeconds(2)), TaskWriteCondition.For(a)),
                new TaskUpdate(b.Queue(BaseTime.AddSeconds(2)), TaskWriteCondition.For(b)), // stale: b moved on
                new TaskUpdate(c.BeginProcessing(BaseTime.AddSeconds(2)), TaskWriteCondition.For(c)),
            ],
            Ct);

        Assert.Equal(3, stored.Count);
        AssertSame(a.Queue(BaseTime.AddSeconds(2)), stored[0]!);
        Assert.Null(stored[1]);
        AssertSame(c.BeginProcessing(BaseTime.AddSeconds(2)), stored[2]!);
        AssertSame(stored[0]!, await store.GetAsync(a.Key, Ct));
        AssertSame(bQueued, await store.GetAsync(b.Key, Ct));
        AssertSame(stored[2]!, await store.GetAsync(c.Key, Ct));
    }

    [Fact]
    public async Task GetEachAsync_WhenSomeKeysAreMissing_ShouldReturnTheRowsInOrderWithNullForTheMissing()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var a = NewTask(tenant);
        var b = NewTask(tenant);
        await store.CreateAsync(a, null, Ct);
        await store.CreateAsync(b, null, Ct);

        var rows = await store.GetEachAsync([b.Key, NewTask(tenant).Key, a.Key], Ct);

        Assert.Equal(3, rows.Count);
        AssertSame(b, rows[0]!);
        Assert.Null(rows[1]);
        AssertSame(a, rows[2]!);
    }

    [Fact]
    public async Task CreateSubTasksAsync_WhenCalledTwice_ShouldInsertOnceAndNotOverwrite()
    {
        var store = await CreateStoreAsync();
        var parent = NewTask(UniqueTenant(), stepFunction: true, input: "[1,2,3]");
        await store.CreateAsync(parent, null, Ct);
        var subTasks = Enumerable.Range(0, 3).Select(i => SubTaskOf(parent, i)).ToArray();

        var firstCount = await store.CreateSubTasksAsync(subTasks, Ct);
        var processing = subTasks[1].BeginProcessing(BaseTime.AddSeconds(1));
        await store.UpdateAsync(processing, TaskWriteCondition.For(subTasks[1]), Ct);
        var secondCount = await store.CreateSubTasksAsync(Enumerable.Range(0, 3).Select(i => SubTaskOf(parent, i, """{"again":true}""")).ToArray(), Ct);

        Assert.Equal(3, firstCount);
        Assert.Equal(0, secondCount);
        AssertSame(processing, await store.GetAsync(subTasks[1].Key, Ct));
        AssertSame(subTasks[2], await store.GetAsync(subTasks[2].Key, Ct));
        var page = await store.QueryAsync(new TaskQuery(parent.Key.Pk, TaskKeys.SubTaskPrefix(parent.Key)), Ct);
        Assert.Equal(3, page.Items.Count);
    }
}
