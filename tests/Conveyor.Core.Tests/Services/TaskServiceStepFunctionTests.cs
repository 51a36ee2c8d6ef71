using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Core.Validation;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

public sealed class TaskServiceStepFunctionTests
{
    [Fact]
    public async Task CreateSubTasksAsync_WhenParentHasItems_ShouldCreateOnePerItemWithParentType()
    {
        var harness = new ServiceHarness();
        var parent = (await harness.Service.CreateStepFunctionTaskAsync(new CreateTaskRequest("acme", "resize", Json("""[{"w":1},{"w":2}]"""), CreatedBy: "bob"), Ct)).Task;

        var subTasks = await harness.Service.CreateSubTasksAsync(parent.Key, Ct);

        Assert.Equal([parent.Key.Sk + "#0", parent.Key.Sk + "#1"], subTasks.Select(t => t.Key.Sk));
        Assert.All(subTasks, t =>
        {
            Assert.Equal(("resize", TrackedTaskStatus.Created, 1L, "bob"), (t.Type, t.Status, t.Version, t.CreatedBy));
            Assert.Equal(parent.Key, t.ParentKey);
            Assert.Equal(TaskKind.SubTask, t.Kind);
        });
        Assert.Equal(2, subTasks[1].Input.GetProperty("w").GetInt32());
    }

    [Fact]
    public async Task CreateSubTasksAsync_WhenKeyIsNotStepFunction_ShouldThrowValidation()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.CreateSubTasksAsync(task.Key, Ct));
    }

    [Fact]
    public async Task ListSubTasksAsync_WhenManyPages_ShouldReturnAllInNumericIndexOrder()
    {
        var harness = new ServiceHarness(new FlakyTaskStore(new InMemoryTaskStore(), maxPageSize: 4));
        var (parent, _) = await harness.CreateStartedParentAsync(23);

        var subTasks = await harness.Service.ListSubTasksAsync(parent.Key, Ct);

        Assert.Equal(Enumerable.Range(0, 23).Select(i => TaskKeys.SubTask(parent.Key, i)), subTasks.Select(t => t.Key));
        Assert.Equal(9, subTasks[9].Input.GetInt32());
        Assert.Equal(10, subTasks[10].Input.GetInt32());
    }

    [Fact]
    public async Task UpdateStepFunctionAttributesAsync_WhenSubTasksProgress_ShouldStoreSummaryAndNotify()
    {
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(3);
        await harness.EndSubTaskAsync(subTasks[0].Key, TrackedTaskStatus.Completed);
        await harness.EndSubTaskAsync(subTasks[1].Key, TrackedTaskStatus.Failed);
        harness.Relayed.Clear();

        var updated = await harness.Service.UpdateStepFunctionAttributesAsync(parent.Key, Ct);
        var unchanged = await harness.Service.UpdateStepFunctionAttributesAsync(parent.Key, Ct);

        Assert.Equal(new ProgressSummary(3, 1, 1, 0, updated.Attributes!.SubTasks, SubTaskPendingCount: 1), updated.Attributes);
        Assert.Equal(TrackedTaskStatus.Started, updated.Status);
        Assert.Equal(updated.Version, unchanged.Version);
        var notification = Assert.Single(harness.Relayed.Published);
        Assert.Equal(NotificationActions.TaskStatus, notification.Action);
        var attributes = notification.Content.GetProperty("attributes");
        Assert.Equal(1, attributes.GetProperty("subTaskFailedCount").GetInt32());
        Assert.Equal("FAILED", attributes.GetProperty("subTasks")[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetProgressAsync_WhenMixed_ShouldCountEachOutcome()
    {
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(4);
        await harness.EndSubTaskAsync(subTasks[0].Key, TrackedTaskStatus.Completed);
        await harness.EndSubTaskAsync(subTasks[2].Key, TrackedTaskStatus.Processing);

        var progress = await harness.Service.GetProgressAsync(parent.Key, Ct);

        Assert.Equal((4, 1, 0, 1, 2), (progress.SubTaskCount, progress.SubTaskSucceedCount, progress.SubTaskFailedCount, progress.SubTaskRunningCount, progress.SubTaskPendingCount));
        Assert.Equal(TrackedTaskStatus.Processing, progress.SubTasks[2].Status);
    }

    public static TheoryData<TrackedTaskStatus[], string?, TrackedTaskStatus, string?, bool> Outcomes => new()
    {
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Completed], null, TrackedTaskStatus.Completed, null, false },
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Failed], null, TrackedTaskStatus.Finished, null, true },
        { [TrackedTaskStatus.Failed, TrackedTaskStatus.Failed], null, TrackedTaskStatus.Finished, null, true },
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Processing], null, TrackedTaskStatus.Failed, TaskService.SubTasksUnfinishedErrorType, true },
        { [TrackedTaskStatus.Completed, TrackedTaskStatus.Completed], "States.Timeout", TrackedTaskStatus.Failed, TaskService.ExecutionFailedErrorType, true },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task FinalizeStepFunctionTaskAsync_WhenWorkflowEnds_ShouldSetOutcomeStoreSummaryAndAlarm(
        TrackedTaskStatus[] subStatuses, string? executionError, TrackedTaskStatus expected, string? errorType, bool alarm)
    {
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(subStatuses.Length);
        for (var i = 0; i < subStatuses.Length; i++)
        {
            await harness.EndSubTaskAsync(subTasks[i].Key, subStatuses[i]);
        }

        harness.Relayed.Clear();

        var final = await harness.Service.FinalizeStepFunctionTaskAsync(parent.Key, executionError, Ct);

        Assert.Equal(expected, final.Status);
        Assert.Equal(errorType, final.Error?.Type);
        Assert.Equal(subStatuses, final.Attributes!.SubTasks.Select(s => s.Status));
        Assert.Equal(parent.Version + 1, final.Version);
        var status = Assert.Single(harness.Relayed.ForAction(NotificationActions.TaskStatus));
        Assert.Equal(expected.ToWireName(), status.Content.GetProperty("status").GetString());
        Assert.Equal(subStatuses.Length, status.Content.GetProperty("attributes").GetProperty("subTaskCount").GetInt32());
        var alarms = harness.Relayed.ForAction(NotificationActions.StepFunctionAlarm);
        Assert.Equal(alarm ? 1 : 0, alarms.Count);
        if (executionError is not null)
        {
            Assert.Equal(executionError, alarms[0].Content.GetProperty("errorMessage").GetString());
        }
        else if (expected == TrackedTaskStatus.Finished)
        {
            var failed = subStatuses.Count(s => s == TrackedTaskStatus.Failed);
            Assert.StartsWith($"{failed} of {subStatuses.Length} subtasks of {parent.Id} failed: ", alarms[0].Content.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }
        else if (alarm)
        {
            Assert.Equal(final.Error!.Message, alarms[0].Content.GetProperty("errorMessage").GetString());
        }

        Assert.Empty(harness.Notifier.Published);
    }

    [Fact]
    public async Task FinalizeStepFunctionTaskAsync_WhenSubTasksWereNeverCreated_ShouldFail()
    {
        var harness = new ServiceHarness();
        var parent = (await harness.Service.CreateStepFunctionTaskAsync(new CreateTaskRequest("acme", "resize", Json("[1,2]")), Ct)).Task;
        await harness.Service.UpdateStatusAsync(parent.Key, TrackedTaskStatus.Started, null, Ct);

        var final = await harness.Service.FinalizeStepFunctionTaskAsync(parent.Key, null, Ct);

        Assert.Equal(TrackedTaskStatus.Failed, final.Status);
        Assert.Contains("2 of 2 were never created", final.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStepFunctionAttributesAsync_WhenParentAlreadyFinalized_ShouldReturnItUnchanged()
    {
        var harness = new ServiceHarness();
        var (parent, subTasks) = await harness.CreateStartedParentAsync(1);
        await harness.EndSubTaskAsync(subTasks[0].Key, TrackedTaskStatus.Completed);
        var final = await harness.Service.FinalizeStepFunctionTaskAsync(parent.Key, null, Ct);
        harness.Relayed.Clear();

        var again = await harness.Service.UpdateStepFunctionAttributesAsync(parent.Key, Ct);

        Assert.Equal(final.Version, again.Version);
        Assert.Empty(harness.Relayed.Published);
    }

    [Fact]
    public async Task PublishAlarmAsync_WhenCalled_ShouldPublishSfnAlarmWithErrorMessage()
    {
        var harness = new ServiceHarness();
        var (parent, _) = await harness.CreateStartedParentAsync(1);
        harness.Notifier.Clear();

        await harness.Service.PublishAlarmAsync(parent.Key, "disk full", Ct);

        var alarm = Assert.Single(harness.Notifier.Published);
        Assert.Equal((NotificationActions.StepFunctionAlarm, parent.Key, "acme"), (alarm.Action, alarm.Key, alarm.TenantCode));
        Assert.Equal("disk full", alarm.Content.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Object, alarm.Content.ValueKind);
    }
}
