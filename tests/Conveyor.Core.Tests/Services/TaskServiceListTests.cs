using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

public sealed class TaskServiceListTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListAsync_WhenPagingSevenTasksByThree_ShouldVisitEachOnceInOrder(bool ascending)
    {
        var harness = new ServiceHarness();
        var created = new List<TaskKey>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await harness.CreateAsync()).Key);
            harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        }

        var sizes = new List<int>();
        var seen = new List<TaskKey>();
        string? token = null;
        do
        {
            var page = await harness.Service.ListAsync(new TaskListRequest("acme", Limit: 3, Ascending: ascending, ContinuationToken: token), Ct);
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(t => t.Key));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(ascending ? created : Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task ListAsync_WhenStepFunctionKind_ShouldListParentsWithoutSubTasks()
    {
        var harness = new ServiceHarness();
        var (parent, _) = await harness.CreateStartedParentAsync(3);
        await harness.CreateAsync();

        var page = await harness.Service.ListAsync(new TaskListRequest("acme", TaskKind.StepFunction), Ct);

        Assert.Equal(parent.Key, Assert.Single(page.Items).Key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task ListAsync_WhenLimitOutOfRange_ShouldThrowValidation(int limit)
    {
        var harness = new ServiceHarness();

        var error = await Assert.ThrowsAsync<ValidationException>(() => harness.Service.ListAsync(new TaskListRequest("acme", Limit: limit), Ct));

        Assert.Contains("between 1 and 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_WhenSubTaskKind_ShouldThrowValidation()
    {
        var harness = new ServiceHarness();

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.ListAsync(new TaskListRequest("acme", TaskKind.SubTask), Ct));
    }

    [Fact]
    public async Task ListAsync_WhenTokenIsForged_ShouldThrowValidation()
    {
        var harness = new ServiceHarness();
        await harness.CreateAsync();

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.ListAsync(new TaskListRequest("acme", ContinuationToken: "aW1wb3J0IzAx"), Ct));
    }
}
