using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Tests.Support;
using static Conveyor.Functions.Tests.Support.StepFunctionFixture;

namespace Conveyor.Functions.Tests.Finalize;

public sealed class FinalizeHandlerTests
{
    [Fact]
    public async Task InvokeAsync_WhenEverySubTaskCompleted_ShouldCompleteTheParentWithoutAlarm()
    {
        using var harness = new FunctionsHarness();
        await StartedParentAsync(harness, """[{"email":"a@x"},{"email":"b@x"}]""", key: RecordedParent);
        await RunAllAsync(harness, RecordedParent, 2);

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<FinalizeHandler>(), "finalize.json");

        using var response = JsonDocument.Parse(bytes);
        Assert.Equal("COMPLETED", response.RootElement.GetProperty("status").GetString());
        var parent = await harness.GetTaskAsync(RecordedParent);
        Assert.Equal(TrackedTaskStatus.Completed, parent.Status);
        Assert.Equal(2, parent.Attributes!.SubTaskSucceedCount);
        await harness.RelayModificationsAsync();
        Assert.Empty(harness.Notifier.ForAction(NotificationActions.StepFunctionAlarm));
    }

    [Fact]
    public async Task HandleAsync_WhenSomeSubTasksFailed_ShouldFinishTheParentAndRaiseTheAlarm()
    {
        using var harness = new FunctionsHarness();
        var parentKey = await StartedParentAsync(harness, """[{"email":"a@x"},{"email":""},{"email":"c@x"}]""");
        await RunAllAsync(harness, parentKey, 3);

        var response = await harness.Get<FinalizeHandler>().HandleAsync(FinalizeRequest(parentKey), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("FINISHED", response.Status);
        var parent = await harness.GetTaskAsync(parentKey);
        Assert.Equal(1, parent.Attributes!.SubTaskFailedCount);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForAction(NotificationActions.StepFunctionAlarm), n => n.Key == parentKey);
    }

    [Fact]
    public async Task InvokeAsync_WhenTheExecutionFailed_ShouldFailTheParentAndRaiseTheAlarm()
    {
        using var harness = new FunctionsHarness();
        await StartedParentAsync(harness, """[{"email":"a@x"}]""", key: RecordedParent);

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<FinalizeHandler>(), "finalize-execution-failed.json");

        using var response = JsonDocument.Parse(bytes);
        Assert.Equal("FAILED", response.RootElement.GetProperty("status").GetString());
        var parent = await harness.GetTaskAsync(RecordedParent);
        Assert.Equal(TrackedTaskStatus.Failed, parent.Status);
        Assert.Contains("States.Runtime: The Map state failed.", parent.Error!.Message, StringComparison.Ordinal);
        await harness.RelayModificationsAsync();
        var alarm = Assert.Single(harness.Notifier.ForAction(NotificationActions.StepFunctionAlarm));
        Assert.Contains("States.Runtime", alarm.Content.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenFinalizeIsDeliveredAgain_ShouldKeepTheOutcomeAndNotAlarmTwice()
    {
        using var harness = new FunctionsHarness();
        var parentKey = await StartedParentAsync(harness, """[{"email":""}]""");
        await RunAllAsync(harness, parentKey, 1);
        var handler = harness.Get<FinalizeHandler>();

        await handler.HandleAsync(FinalizeRequest(parentKey), FunctionsHarness.Context(), CancellationToken.None);
        var again = await handler.HandleAsync(FinalizeRequest(parentKey, new() { Error = "States.Runtime", Cause = "late" }), FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal("FINISHED", again.Status);
        await harness.RelayModificationsAsync();
        Assert.Single(harness.Notifier.ForAction(NotificationActions.StepFunctionAlarm));
    }

    private static async Task RunAllAsync(FunctionsHarness harness, TaskKey parent, int count)
    {
        var mapItem = harness.Get<MapItemHandler>();
        for (var i = 0; i < count; i++)
        {
            await mapItem.HandleAsync(Item(parent, i), FunctionsHarness.Context(), CancellationToken.None);
        }
    }
}
