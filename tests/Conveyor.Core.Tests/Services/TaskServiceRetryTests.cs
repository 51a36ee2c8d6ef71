using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

public sealed class TaskServiceRetryTests
{
    [Fact]
    public async Task RetryAsync_WhenAskedTwice_ShouldCreateOneNewCreatedTaskWithTheSameInputAndLeaveTheFailedOneAsItIs()
    {
        var harness = new ServiceHarness();
        var failed = await FailAsync(harness, await harness.CreateAsync(input: """{"file":"b.csv"}"""));

        var first = await harness.Service.RetryAsync(failed.Key, "alice", "req-1", Ct);
        var again = await harness.Service.RetryAsync(failed.Key, "bob", "req-2", Ct);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Task.Id, again.Task.Id);
        Assert.NotEqual(failed.Id, first.Task.Id);
        Assert.Equal((TrackedTaskStatus.Created, "acme", "import", "b.csv"), (first.Task.Status, first.Task.Tenant, first.Task.Type, first.Task.Input.GetProperty("file").GetString()));
        Assert.Equal("alice", first.Task.CreatedBy);
        var original = await harness.Service.GetAsync(failed.Key, Ct);
        Assert.Equal((TrackedTaskStatus.Failed, failed.Version), (original!.Status, original.Version));
    }

    [Fact]
    public async Task RetryAsync_WhenTheTaskCannotBeRetried_ShouldSayWhyAndCreateNothing()
    {
        var harness = new ServiceHarness();
        var running = await harness.CreateAsync();
        var rejected = (await harness.Service.RecordFailedAsync(
            new CreateTaskRequest("acme", "rejected-file", Json("""{"key":"broken.csv"}""")), new TaskError("CsvFormatException", "line 2"), Ct)).Task;
        var (parent, _) = await harness.CreateStartedParentAsync(2);

        var notFailed = await Assert.ThrowsAsync<TaskNotRetryableException>(() => harness.Service.RetryAsync(running.Key, null, null, Ct));
        var neverRan = await Assert.ThrowsAsync<TaskNotRetryableException>(() => harness.Service.RetryAsync(rejected.Key, null, null, Ct));
        var notSingle = await Assert.ThrowsAsync<TaskNotRetryableException>(() => harness.Service.RetryAsync(parent.Key, null, null, Ct));
        await Assert.ThrowsAsync<TaskNotFoundException>(() => harness.Service.RetryAsync(running.Key with { Sk = "import#01ARZ3NDEKTSV4RRFFQ69G5FAV" }, null, null, Ct));

        Assert.Contains("is CREATED; only FAILED tasks are retried", notFailed.Message, StringComparison.Ordinal);
        Assert.Contains("failed before it ever ran (CsvFormatException: line 2)", neverRan.Message, StringComparison.Ordinal);
        Assert.Contains("not a single task", notSingle.Message, StringComparison.Ordinal);
        var page = await harness.Service.ListAsync(new TaskListRequest("acme"), Ct);
        Assert.Equal(2, page.Items.Count);
    }

    private static async Task<TrackedTask> FailAsync(ServiceHarness harness, TrackedTask task)
    {
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, Ct);
        return await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new TaskStatusDetails(Error: new TaskError("Boom", "it broke")), Ct);
    }
}
