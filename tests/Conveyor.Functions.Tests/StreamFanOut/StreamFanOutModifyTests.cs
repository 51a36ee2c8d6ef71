using System.Text.Json;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.DynamoDb;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.StreamFanOut;

/// <summary>MODIFY records: StreamFanOut is where status notifications come from (the outbox relay).</summary>
public sealed class StreamFanOutModifyTests
{
    [Fact]
    public async Task HandleAsync_WhenModifyChangesTheStatus_ShouldPublishOneNotificationAndDispatchNothing()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");
        var queued = await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);

        var response = await HandleAsync(harness, harness.ModifyRecord(harness.Store.Changes[^1]));

        Assert.Empty(response.BatchItemFailures);
        var notification = Assert.Single(harness.Notifier.Published);
        Assert.Equal((NotificationActions.TaskStatus, task.Key, "QUEUED"), (notification.Action, notification.Key, notification.Content.GetProperty("status").GetString()));
        Assert.Equal($"{task.Id}#v{queued.Version}#task-status", notification.DeduplicationId);
        Assert.Empty(harness.Queue.Enqueued);
    }

    [Fact]
    public async Task HandleAsync_WhenModifyChangesOnlyTheResult_ShouldPublishNothing()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");
        using var result = JsonDocument.Parse("""{"rows":3}""");
        var change = new TaskChange(task, task with { Result = result.RootElement.Clone(), Version = task.Version + 1 });

        var response = await HandleAsync(harness, harness.ModifyRecord(change));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(harness.Notifier.Published);
    }

    [Fact]
    public async Task HandleAsync_WhenModifyIsRedelivered_ShouldPublishAgainWithTheSameIdentity()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);
        var modify = harness.ModifyRecord(harness.Store.Changes[^1]);

        await HandleAsync(harness, modify);
        await HandleAsync(harness, modify);

        Assert.Equal(2, harness.Notifier.Published.Count);
        Assert.Single(harness.Notifier.Published.Select(n => n.DeduplicationId).Distinct());
    }

    [Fact]
    public async Task HandleAsync_WhenAStepFunctionParentFinishes_ShouldPublishStatusThenAlarm()
    {
        using var harness = new FunctionsHarness();
        var parent = await harness.CreateTaskAsync("csv-import", """[{"email":"a@x"}]""", stepFunction: true);
        var subTask = Assert.Single(await harness.Tasks.CreateSubTasksAsync(parent.Key, CancellationToken.None));
        await harness.Tasks.UpdateStatusAsync(parent.Key, TrackedTaskStatus.Started, null, CancellationToken.None);
        await harness.Tasks.UpdateSubTaskStatusAsync(subTask.Key, TrackedTaskStatus.Processing, null, CancellationToken.None);
        await harness.Tasks.UpdateSubTaskStatusAsync(subTask.Key, TrackedTaskStatus.Failed, new(Error: new TaskError("Bad", "bad row")), CancellationToken.None);
        await harness.Tasks.FinalizeStepFunctionTaskAsync(parent.Key, null, CancellationToken.None);

        await HandleAsync(harness, harness.ModifyRecord(harness.Store.Changes[^1]));

        Assert.Equal([NotificationActions.TaskStatus, NotificationActions.StepFunctionAlarm], harness.Notifier.Published.Select(n => n.Action));
        Assert.Equal($"1 of 1 subtasks of {parent.Id} failed: {subTask.Key.Sk}", harness.Notifier.Published[1].Content.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenModifyHasNoOldImage_ShouldReportTheRecord()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");
        var record = harness.InsertRecord(task, "9") with { EventName = DynamoDbStreamRecord.Modify };

        var response = await HandleAsync(harness, record);

        Assert.Equal("9", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(harness.Notifier.Published);
    }

    [Fact]
    public async Task HandleAsync_WhenTheNotifierFailsAfterTheWrite_ShouldReportTheRecordAndPublishOnRedelivery()
    {
        // The status write is durable; publishing fails (as if the process died). The record is reported failed, so the
        // stream delivers it again, and then the notification goes out: a crash between write and publish loses nothing.
        var flaky = new FlakyNotifier(failures: 1);
        using var harness = new FunctionsHarness(services => services.AddSingleton<INotifier>(flaky));
        var task = await harness.CreateTaskAsync("echo", "{}");
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);
        var modify = harness.ModifyRecord(harness.Store.Changes[^1], "42");

        var first = await HandleAsync(harness, modify);
        var second = await HandleAsync(harness, modify);

        Assert.Equal("42", Assert.Single(first.BatchItemFailures).ItemIdentifier);
        Assert.Empty(second.BatchItemFailures);
        Assert.Equal("QUEUED", Assert.Single(flaky.Published).Content.GetProperty("status").GetString());
    }

    private static Task<Lambda.Events.BatchResponse> HandleAsync(FunctionsHarness harness, DynamoDbStreamRecord record) =>
        harness.Get<StreamFanOutHandler>().HandleAsync(new DynamoDbStreamEvent { Records = [record] }, FunctionsHarness.Context(), CancellationToken.None);

    private sealed class FlakyNotifier(int failures) : INotifier
    {
        private int _calls;

        public List<Notification> Published { get; } = [];

        public Task PublishAsync(Notification notification, CancellationToken cancellationToken)
        {
            if (++_calls <= failures)
            {
                throw new HttpRequestException("SNS unavailable");
            }

            Published.Add(notification);
            return Task.CompletedTask;
        }
    }
}
