using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.Tasks;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Tasks;

public sealed class SqliteTaskSearchTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempEngineFolder _folder = new();
    private SqliteTaskStore _store = null!;
    private SqliteTaskSearch _search = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _store = new SqliteTaskStore(_folder.Database, TimeProvider.System);
        _search = new SqliteTaskSearch(_folder.Database);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task SearchAsync_WhenPaging_ShouldReturnEveryTopLevelTaskOnceNewestFirstAndNoSubTask()
    {
        var created = new List<TrackedTask>();
        for (var i = 0; i < 7; i++)
        {
            var task = TestTasks.New(tenant: i % 2 == 0 ? "acme" : "globex", stepFunction: i == 3, at: TestTasks.Now.AddSeconds(i));
            await _store.CreateAsync(task, null, Ct);
            created.Add(task);
        }

        await _store.CreateSubTasksAsync([TestTasks.SubTask(created[3], 0), TestTasks.SubTask(created[3], 1)], Ct);

        var seen = new List<TaskSummary>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await _search.SearchAsync(new TaskSearch(Limit: 3, Next: next), Ct);
            seen.AddRange(page.Items);
            next = page.Next;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created.Select(t => t.Id).Reverse(), seen.Select(t => t.Id));
        Assert.Equal(TaskKind.StepFunction, seen.Single(t => t.Id == created[3].Id).Kind);
    }

    [Fact]
    public async Task SearchAsync_WhenFiltered_ShouldApplyTenantKindStatusTypeTimeAndText()
    {
        var a = TestTasks.New(tenant: "acme", type: "resize", at: TestTasks.Now);
        var b = TestTasks.New(tenant: "globex", type: "resize", at: TestTasks.Now.AddMinutes(1)) with { Name = "Quarterly Report.csv" };
        var c = TestTasks.New(tenant: "acme", type: "thumbnail", at: TestTasks.Now.AddMinutes(2));
        var d = TestTasks.New(tenant: "acme", type: "resize", stepFunction: true, at: TestTasks.Now.AddMinutes(3));
        var e = TestTasks.New(tenant: "initech", type: "promo", at: TestTasks.Now.AddMinutes(4)) with { Name = "sale 50%_off" };
        foreach (var t in new[] { a, b, c, d, e }) { await _store.CreateAsync(t, null, Ct); }
        await _store.UpdateAsync(c.Fail(new TaskError("Boom", "it broke"), TestTasks.Now), Core.Ports.TaskWriteCondition.For(c), Ct);

        async Task<string[]> Ids(TaskSearch s) => [.. (await _search.SearchAsync(s, Ct)).Items.Select(t => t.Id)];

        Assert.Equal([d.Id, c.Id, a.Id], await Ids(new TaskSearch(Tenant: "acme")));
        Assert.Equal([d.Id], await Ids(new TaskSearch(Kind: TaskKind.StepFunction)));
        Assert.Equal([c.Id], await Ids(new TaskSearch(Status: TrackedTaskStatus.Failed)));
        Assert.Equal([b.Id, a.Id], await Ids(new TaskSearch(Type: "resize", Kind: TaskKind.Task)));
        Assert.Equal([c.Id, b.Id], await Ids(new TaskSearch(From: TestTasks.Now.AddMinutes(1), To: TestTasks.Now.AddMinutes(3))));
        Assert.Equal([e.Id, d.Id, c.Id, b.Id, a.Id], await Ids(new TaskSearch()));
        Assert.Equal([b.Id], await Ids(new TaskSearch(Text: "quarterly")));
        Assert.Equal([e.Id], await Ids(new TaskSearch(Text: "%")));
        Assert.Equal([e.Id], await Ids(new TaskSearch(Text: "50%_")));
        Assert.Empty(await Ids(new TaskSearch(Text: "50%_", Tenant: "acme")));
        Assert.Equal([c.Id], await Ids(new TaskSearch(Text: c.Key.Sk[^10..].ToLowerInvariant())));
        var failed = (await _search.SearchAsync(new TaskSearch(Status: TrackedTaskStatus.Failed), Ct)).Items.Single();
        Assert.Equal(("Boom", "it broke"), (failed.Error!.Type, failed.Error.Message));
    }

    [Fact]
    public async Task SearchAsync_WhenTextIsAWholeId_ShouldFindThatTaskWhateverTheOtherFilters()
    {
        var parent = TestTasks.New(stepFunction: true);
        await _store.CreateAsync(parent, null, Ct);
        var sub = TestTasks.SubTask(parent, 4);
        await _store.CreateSubTasksAsync([sub], Ct);

        var byId = await _search.SearchAsync(new TaskSearch(Tenant: "someone-else", Text: parent.Id), Ct);
        var subById = await _search.SearchAsync(new TaskSearch(Text: "  " + sub.Id + " "), Ct);

        Assert.Equal(parent.Id, Assert.Single(byId.Items).Id);
        Assert.Equal(TaskKind.SubTask, Assert.Single(subById.Items).Kind);
    }

    [Fact]
    public async Task SearchAsync_WhenTokenWasIssuedForOtherFilters_ShouldRefuseIt()
    {
        for (var i = 0; i < 3; i++) { await _store.CreateAsync(TestTasks.New(at: TestTasks.Now.AddSeconds(i)), null, Ct); }
        var first = await _search.SearchAsync(new TaskSearch(Tenant: "acme", Limit: 1), Ct);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _search.SearchAsync(new TaskSearch(Tenant: "globex", Limit: 1, Next: first.Next), Ct));
        Assert.Contains("different query", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(() => _search.SearchAsync(new TaskSearch(Tenant: "acme", Limit: 1, Next: first.Next + "x"), Ct));
    }

    [Fact]
    public async Task ListSubTasksAsync_WhenFailedFirstOrFiltered_ShouldPageInIndexOrderWithinEachGroup()
    {
        var parent = TestTasks.New(stepFunction: true);
        var other = TestTasks.New(stepFunction: true, at: TestTasks.Now.AddSeconds(1));
        await _store.CreateAsync(parent, null, Ct);
        await _store.CreateAsync(other, null, Ct);
        await _store.CreateSubTasksAsync([.. Enumerable.Range(0, 12).Select(i => TestTasks.SubTask(parent, i))], Ct);
        await _store.CreateSubTasksAsync([TestTasks.SubTask(other, 0)], Ct);
        foreach (var i in new[] { 10, 3 })
        {
            var sub = (await _store.GetAsync(TaskKeys.SubTask(parent.Key, i), Ct))!;
            await _store.UpdateAsync(sub.Fail(new TaskError("Bad", $"row {i}"), TestTasks.Now), Core.Ports.TaskWriteCondition.For(sub), Ct);
        }

        async Task<List<int>> AllAsync(TrackedTaskStatus? status, bool failedFirst)
        {
            var indexes = new List<int>();
            string? next = null;
            do
            {
                var page = await _search.ListSubTasksAsync(parent.Key, status, failedFirst, 5, next, Ct);
                indexes.AddRange(page.Items.Select(t => int.Parse(t.Key.Sk[(t.Key.Sk.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
                next = page.Next;
            }
            while (next is not null);
            return indexes;
        }

        Assert.Equal(Enumerable.Range(0, 12), await AllAsync(null, failedFirst: false));
        Assert.Equal([3, 10, 0, 1, 2, 4, 5, 6, 7, 8, 9, 11], await AllAsync(null, failedFirst: true));
        Assert.Equal([3, 10], await AllAsync(TrackedTaskStatus.Failed, failedFirst: false));
    }
}
