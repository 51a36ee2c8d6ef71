using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using static Conveyor.Core.Contracts.ContractTasks;

namespace Conveyor.Core.Contracts;

/// <summary>The query half of the store contract: pagination, tokens, subtask filtering and prefixes.</summary>
public abstract partial class TaskStoreContract
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task QueryAsync_WhenSevenRowsAndLimitThree_ShouldPageThreeThreeOneInOrder(bool ascending)
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var tasks = Enumerable.Range(0, 7).Select(i => NewTask(tenant, i)).ToArray();
        foreach (var task in tasks)
        {
            await store.CreateAsync(task, null, Ct);
        }

        var pages = new List<TaskPage>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new TaskQuery(tasks[0].Key.Pk, Limit: 3, Ascending: ascending, ContinuationToken: token), Ct);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Null(pages[^1].ContinuationToken);
        var expected = ascending ? tasks.Select(t => t.Key) : tasks.Reverse().Select(t => t.Key);
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(t => t.Key));
    }

    [Fact]
    public async Task QueryAsync_WhenPartitionIsEmpty_ShouldReturnEmptyLastPage()
    {
        var store = await CreateStoreAsync();

        var page = await store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(UniqueTenant(), stepFunction: false)), Ct);

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task QueryAsync_WhenOtherTenantsHaveRows_ShouldReturnOnlyThePartition()
    {
        var store = await CreateStoreAsync();
        var mine = NewTask(UniqueTenant());
        await store.CreateAsync(mine, null, Ct);
        await store.CreateAsync(NewTask(UniqueTenant()), null, Ct);
        await store.CreateAsync(NewTask(mine.Tenant, stepFunction: true, input: "[1]"), null, Ct);

        var page = await store.QueryAsync(new TaskQuery(mine.Key.Pk), Ct);

        Assert.Equal([mine.Key], page.Items.Select(t => t.Key));
    }

    [Theory]
    [InlineData("not a token!")]
    [InlineData("AAAA")]
    [InlineData("eyJwayI6IlRBU0sjeCJ9")]
    public async Task QueryAsync_WhenTokenWasNotIssued_ShouldThrowValidation(string token)
    {
        var store = await CreateStoreAsync();
        var task = NewTask(UniqueTenant());
        await store.CreateAsync(task, null, Ct);

        await Assert.ThrowsAsync<ValidationException>(() => store.QueryAsync(new TaskQuery(task.Key.Pk, ContinuationToken: token), Ct));
    }

    [Fact]
    public async Task QueryAsync_WhenTokenComesFromAnotherPartition_ShouldThrowValidation()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        await store.CreateAsync(NewTask(tenant, 0), null, Ct);
        await store.CreateAsync(NewTask(tenant, 1), null, Ct);
        var other = NewTask(UniqueTenant());
        await store.CreateAsync(other, null, Ct);
        var page = await store.QueryAsync(new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1), Ct);

        Assert.NotNull(page.ContinuationToken);
        await Assert.ThrowsAsync<ValidationException>(() => store.QueryAsync(new TaskQuery(other.Key.Pk, ContinuationToken: page.ContinuationToken), Ct));
    }

    [Fact]
    public async Task QueryAsync_WhenExcludeSubTasks_ShouldReturnParentsOnlyAcrossPages()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var parents = Enumerable.Range(0, 3).Select(i => NewTask(tenant, i, stepFunction: true, input: "[1,2,3,4]")).ToArray();
        foreach (var parent in parents)
        {
            await store.CreateAsync(parent, null, Ct);
            await store.CreateSubTasksAsync(Enumerable.Range(0, 4).Select(i => SubTaskOf(parent, i)).ToArray(), Ct);
        }

        var found = new List<TaskKey>();
        string? token = null;
        var rounds = 0;
        do
        {
            var page = await store.QueryAsync(new TaskQuery(parents[0].Key.Pk, Limit: 2, ContinuationToken: token, ExcludeSubTasks: true), Ct);
            found.AddRange(page.Items.Select(t => t.Key));
            token = page.ContinuationToken;
        }
        while (token is not null && ++rounds < 20);

        Assert.Equal(parents.Select(p => p.Key), found);
    }

    [Fact]
    public async Task QueryAsync_WhenSkPrefixIsSubTaskPrefix_ShouldReturnThatParentsSubTasksOnly()
    {
        var store = await CreateStoreAsync();
        var tenant = UniqueTenant();
        var parent = NewTask(tenant, 0, stepFunction: true, input: "[]");
        var sibling = NewTask(tenant, 1, stepFunction: true, input: "[]");
        await store.CreateAsync(parent, null, Ct);
        await store.CreateAsync(sibling, null, Ct);
        await store.CreateSubTasksAsync(Enumerable.Range(0, 12).Select(i => SubTaskOf(parent, i)).ToArray(), Ct);
        await store.CreateSubTasksAsync(Enumerable.Range(0, 3).Select(i => SubTaskOf(sibling, i)).ToArray(), Ct);

        var page = await store.QueryAsync(new TaskQuery(parent.Key.Pk, TaskKeys.SubTaskPrefix(parent.Key), Limit: 100), Ct);

        Assert.Equal(12, page.Items.Count);
        Assert.All(page.Items, t => Assert.Equal(parent.Key, t.ParentKey));
        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => TaskKeys.SubTask(parent.Key, i).Sk).Order(StringComparer.Ordinal),
            page.Items.Select(t => t.Key.Sk));
    }
}
