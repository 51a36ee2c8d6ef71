using System.Text.Json;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Notifications;

public sealed class TaskChangeNotificationsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_WhenInsert_ShouldNotifyNothing()
    {
        Assert.Empty(TaskChangeNotifications.For(new TaskChange(null, Single())));
    }

    [Fact]
    public void For_WhenInsertIsAlreadyFailed_ShouldNotifyTaskStatusFailedOnce()
    {
        var rejected = Single() with { Status = TrackedTaskStatus.Failed, Error = new TaskError("CsvFormatException", "CSV line 2: bad.") };

        var notification = Assert.Single(TaskChangeNotifications.For(new TaskChange(null, rejected)));

        Assert.Equal(NotificationActions.TaskStatus, notification.Action);
        Assert.Equal("FAILED", notification.Content.GetProperty("status").GetString());
        Assert.Equal($"{rejected.Id}#v{rejected.Version}#task-status", notification.DeduplicationId);
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Created, TrackedTaskStatus.Queued)]
    [InlineData(TrackedTaskStatus.Queued, TrackedTaskStatus.Processing)]
    [InlineData(TrackedTaskStatus.Processing, TrackedTaskStatus.Completed)]
    [InlineData(TrackedTaskStatus.Processing, TrackedTaskStatus.Failed)]
    public void For_WhenSingleTaskStatusChanges_ShouldNotifyTaskStatusOnceWithIdentity(TrackedTaskStatus from, TrackedTaskStatus to)
    {
        var old = Single() with { Status = from, Version = 4 };
        var next = old with { Status = to, Version = 5 };

        var notification = Assert.Single(TaskChangeNotifications.For(new TaskChange(old, next)));

        Assert.Equal((NotificationActions.TaskStatus, next.Key, "acme"), (notification.Action, notification.Key, notification.TenantCode));
        Assert.Equal(to.ToWireName(), notification.Content.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, notification.Content.GetProperty("attributes").ValueKind);
        Assert.Equal($"{next.Id}#v5#task-status", notification.DeduplicationId);
    }

    [Fact]
    public void For_WhenSubTaskStatusChanges_ShouldNotifySubTaskStatus()
    {
        var old = Sub() with { Status = TrackedTaskStatus.Processing, Version = 2 };
        var next = old with { Status = TrackedTaskStatus.Completed, Version = 3 };

        var notification = Assert.Single(TaskChangeNotifications.For(new TaskChange(old, next)));

        Assert.Equal(NotificationActions.SubTaskStatus, notification.Action);
        Assert.Equal($"{next.Id}#v3#sub-task-status", notification.DeduplicationId);
    }

    [Fact]
    public void For_WhenOnlyResultOrVersionChanges_ShouldNotifyNothing()
    {
        var old = Single() with { Status = TrackedTaskStatus.Completed, Version = 6 };
        var next = old with { Result = Json("""{"rows":3}"""), Version = 7, UpdatedAt = Now.AddSeconds(1) };

        Assert.Empty(TaskChangeNotifications.For(new TaskChange(old, next)));
    }

    [Fact]
    public void For_WhenParentProgressChangesWithoutStatus_ShouldNotifyTaskStatusWithAttributes()
    {
        var old = Parent() with { Status = TrackedTaskStatus.Started, Version = 3 };
        var next = old with { Attributes = Summary(TrackedTaskStatus.Completed, TrackedTaskStatus.Processing), Version = 4 };

        var notification = Assert.Single(TaskChangeNotifications.For(new TaskChange(old, next)));

        Assert.Equal(NotificationActions.TaskStatus, notification.Action);
        Assert.Equal("STARTED", notification.Content.GetProperty("status").GetString());
        Assert.Equal(1, notification.Content.GetProperty("attributes").GetProperty("subTaskSucceedCount").GetInt32());
    }

    [Fact]
    public void For_WhenParentProgressIsUnchanged_ShouldNotifyNothing()
    {
        var old = Parent() with { Status = TrackedTaskStatus.Started, Attributes = Summary(TrackedTaskStatus.Completed), Version = 3 };
        var next = old with { Attributes = Summary(TrackedTaskStatus.Completed), Version = 4 };

        Assert.Empty(TaskChangeNotifications.For(new TaskChange(old, next)));
    }

    [Fact]
    public void For_WhenParentFinishes_ShouldNotifyStatusThenAlarmListingFailedSubTasks()
    {
        var summary = Summary(TrackedTaskStatus.Completed, TrackedTaskStatus.Failed);
        var old = Parent() with { Status = TrackedTaskStatus.Started, Attributes = summary, Version = 5 };
        var next = old with { Status = TrackedTaskStatus.Finished, Version = 6 };

        var notifications = TaskChangeNotifications.For(new TaskChange(old, next));

        Assert.Equal([NotificationActions.TaskStatus, NotificationActions.StepFunctionAlarm], notifications.Select(n => n.Action));
        var alarm = notifications[1];
        Assert.Equal($"1 of 2 subtasks of {next.Id} failed: {summary.SubTasks[1].Sk}", alarm.Content.GetProperty("errorMessage").GetString());
        Assert.Equal($"{next.Id}#v6#sfn-alarm", alarm.DeduplicationId);
    }

    [Fact]
    public void For_WhenParentFails_ShouldAlarmWithTheStoredErrorMessage()
    {
        var old = Parent() with { Status = TrackedTaskStatus.Started, Version = 5 };
        var next = old with { Status = TrackedTaskStatus.Failed, Error = new TaskError("ExecutionFailed", "States.Timeout"), Version = 6 };

        var alarm = Assert.Single(TaskChangeNotifications.For(new TaskChange(old, next)), n => n.Action == NotificationActions.StepFunctionAlarm);

        Assert.Equal("States.Timeout", alarm.Content.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData(TrackedTaskStatus.Completed)]
    [InlineData(TrackedTaskStatus.Started)]
    public void For_WhenParentMovesElsewhere_ShouldNotAlarm(TrackedTaskStatus to)
    {
        var old = Parent() with { Status = TrackedTaskStatus.Created, Version = 1 };
        var next = old with { Status = to, Version = 2 };

        Assert.DoesNotContain(TaskChangeNotifications.For(new TaskChange(old, next)), n => n.Action == NotificationActions.StepFunctionAlarm);
    }

    [Fact]
    public void For_WhenTheSameChangeIsDerivedTwice_ShouldYieldEqualIdentitiesAndContent()
    {
        var old = Single() with { Status = TrackedTaskStatus.Processing, Version = 3 };
        var change = new TaskChange(old, old with { Status = TrackedTaskStatus.Completed, Version = 4, Result = Json("1") });

        var first = Assert.Single(TaskChangeNotifications.For(change));
        var second = Assert.Single(TaskChangeNotifications.For(change));

        Assert.Equal(first.DeduplicationId, second.DeduplicationId);
        Assert.Equal(first.Content.GetRawText(), second.Content.GetRawText());
    }

    private static TrackedTask Single() => Task(TaskKeys.NewTask("acme", "echo", Ids.Ulid.NewUlid(Now), stepFunction: false), Json("{}"));

    private static TrackedTask Parent() => Task(ParentKey, Json("[1,2]"));

    private static TrackedTask Sub() => Task(TaskKeys.SubTask(ParentKey, 1), Json("2")) with { ParentKey = ParentKey };

    private static readonly TaskKey ParentKey = TaskKeys.NewTask("acme", "resize", Ids.Ulid.NewUlid(Now), stepFunction: true);

    private static ProgressSummary Summary(params TrackedTaskStatus[] statuses) =>
        ProgressSummary.Of(statuses.Select((status, i) => Sub() with { Key = TaskKeys.SubTask(ParentKey, i), Status = status }).ToArray());

    private static TrackedTask Task(TaskKey key, JsonElement input) => new()
    {
        Key = key,
        Tenant = "acme",
        Type = "echo",
        Name = "echo",
        Status = TrackedTaskStatus.Created,
        Input = input,
        Version = 1,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
