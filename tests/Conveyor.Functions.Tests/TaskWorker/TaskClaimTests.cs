using Conveyor.Core.Tasks;
using Conveyor.Functions.Tests.Support;

namespace Conveyor.Functions.Tests.TaskWorker;

public sealed class TaskClaimTests
{
    [Fact]
    public async Task TryClaimAsync_WhenTwoRunnersClaimTheSameRow_ShouldLetExactlyOneWin()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");

        var results = await Task.WhenAll(
            Task.Run(() => harness.Tasks.TryClaimAsync(task, CancellationToken.None)),
            Task.Run(() => harness.Tasks.TryClaimAsync(task, CancellationToken.None)));

        Assert.Single(results, r => r is not null);
        Assert.Equal(TrackedTaskStatus.Processing, (await harness.GetTaskAsync(task.Key)).Status);
        Assert.Empty(harness.Notifier.Published);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForKey(task.Key), n => n.Content.GetProperty("status").GetString() == "PROCESSING");
    }
}
