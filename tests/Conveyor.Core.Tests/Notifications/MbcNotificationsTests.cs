using System.Text.Json;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Notifications;

/// <summary>
/// MBC's notification bodies, replayed from the MBC CQRS Serverless task package v1.2.5 (task.service.ts and
/// task.service.spec.ts: updateStatus, updateSubTaskStatus, updateStepFunctionTask, publishAlarm).
/// </summary>
public sealed class MbcNotificationsTests
{
    private const string Table = "dev-app-tasks";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_WhenATaskCompletes_ShouldPublishMbcsUpdateStatusBodyExactly()
    {
        // task.service.spec.ts updateStatus: key {pk:'TASK#tenant-code', sk:'task-type#mocked-uuid'}, COMPLETED, {result:'success'}.
        var old = Task("TASK#tenant-code", "task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") with { Status = TrackedTaskStatus.Processing, Version = 3 };
        var next = old with { Status = TrackedTaskStatus.Completed, Result = Json("\"success\""), Version = 4 };

        var notification = Assert.Single(MbcNotifications.For(new TaskChange(old, next), Table));

        Assert.Equal(
            """{"action":"task-status","pk":"TASK#tenant-code","sk":"task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7","table":"dev-app-tasks","id":"TASK#tenant-code#task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7","tenantCode":"tenant-code","content":{"status":"COMPLETED","attributes":{"result":"success"}}}""",
            NotificationJson.Serialize(notification));
        Assert.Equal(NotificationFormat.Mbc, notification.Format);
        Assert.Equal($"{next.Id}#v4#task-status#mbc", notification.DeduplicationId);
    }

    [Fact]
    public void For_WhenATaskStartsProcessing_ShouldLeaveAttributesOutAsMbcsUndefinedIs()
    {
        var old = Task("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") with { Status = TrackedTaskStatus.Queued, Version = 2 };

        var notification = Assert.Single(MbcNotifications.For(new TaskChange(old, old with { Status = TrackedTaskStatus.Processing, Version = 3 }), Table));

        Assert.Equal("""{"status":"PROCESSING"}""", notification.Content.GetRawText());
    }

    [Fact]
    public void For_WhenASubTaskFails_ShouldPublishSubTaskStatusWithTheErrorThenAnAlarm()
    {
        // updateSubTaskStatus(key, FAILED, {error}) and publishAlarm(event, error) of TaskSfnEventHandler.
        var old = Task("SFN_TASK#tenant-code", "task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#1") with { Status = TrackedTaskStatus.Processing, Version = 2 };
        var next = old with { Status = TrackedTaskStatus.Failed, Error = new TaskError("ValidationException", "email is not valid"), Version = 3 };

        var notifications = MbcNotifications.For(new TaskChange(old, next), Table);

        Assert.Equal([NotificationActions.SubTaskStatus, NotificationActions.StepFunctionAlarm], notifications.Select(n => n.Action));
        Assert.Equal("""{"status":"FAILED","attributes":{"error":{"type":"ValidationException","message":"email is not valid"}}}""", notifications[0].Content.GetRawText());
        Assert.Equal(
            """{"action":"sfn-alarm","pk":"SFN_TASK#tenant-code","sk":"task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#1","table":"dev-app-tasks","id":"SFN_TASK#tenant-code#task-type#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#1","tenantCode":"tenant-code","content":{"errorMessage":"email is not valid"}}""",
            NotificationJson.Serialize(notifications[1]));
    }

    [Fact]
    public void For_WhenASingleTaskFails_ShouldAlarmAsMbcDoes()
    {
        var old = Task("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") with { Status = TrackedTaskStatus.Processing, Version = 3 };
        var next = old with { Status = TrackedTaskStatus.Failed, Error = new TaskError("Boom", "it broke"), Version = 4 };

        var notifications = MbcNotifications.For(new TaskChange(old, next), Table);

        Assert.Equal([NotificationActions.TaskStatus, NotificationActions.StepFunctionAlarm], notifications.Select(n => n.Action));
        Assert.DoesNotContain(TaskChangeNotifications.For(new TaskChange(old, next)), n => n.Action == NotificationActions.StepFunctionAlarm);
    }

    [Fact]
    public void For_WhenAParentFinishes_ShouldPutTheSummaryFirstAndRaiseNoSummaryAlarm()
    {
        // updateStepFunctionTask(key, attributes, status): content {attributes, status}, in that order.
        var parent = Task("SFN_TASK#acme", "csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") with { Status = TrackedTaskStatus.Started, Version = 3 };
        var summary = ProgressSummary.Of([Task("SFN_TASK#acme", "csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#0") with { Status = TrackedTaskStatus.Failed }]);
        var next = parent with { Status = TrackedTaskStatus.Finished, Attributes = summary, Version = 4 };

        var notification = Assert.Single(MbcNotifications.For(new TaskChange(parent, next), Table));

        Assert.Equal(
            """{"attributes":{"subTaskCount":1,"subTaskSucceedCount":0,"subTaskFailedCount":1,"subTaskRunningCount":0,"subTaskPendingCount":0,"subTasks":[{"pk":"SFN_TASK#acme","sk":"csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#0","status":"FAILED"}]},"status":"FINISHED"}""",
            notification.Content.GetRawText());
    }

    [Fact]
    public void Progress_ShouldBeTheParentsTaskStatusWithTheSummaryUnderTheSubTasksIdentity()
    {
        var parent = Task("SFN_TASK#acme", "csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7") with { Status = TrackedTaskStatus.Started, Version = 2 };
        var done = Task("SFN_TASK#acme", "csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#0") with { Status = TrackedTaskStatus.Completed, Version = 4 };
        var waiting = Task("SFN_TASK#acme", "csv#01KAQ6Z7D2V8Y3R5N4M1B0C9X7#1") with { Status = TrackedTaskStatus.Created };

        var progress = MbcNotifications.Progress(done, parent, ProgressSummary.Of([done, waiting]), Table);

        Assert.Equal((NotificationActions.TaskStatus, parent.Key, Table), (progress.Action, progress.Key, progress.Table));
        Assert.Equal(1, progress.Content.GetProperty("attributes").GetProperty("subTaskSucceedCount").GetInt32());
        Assert.Equal("STARTED", progress.Content.GetProperty("status").GetString());
        Assert.Equal($"{done.Id}#v4#progress#mbc", progress.DeduplicationId);
    }

    [Theory]
    [InlineData(null, NotificationFormat.Conveyor)]
    [InlineData("MBC", NotificationFormat.Mbc)]
    [InlineData(" both ", NotificationFormat.Both)]
    public void ParseFormat_ShouldAcceptTheThreeNames(string? text, NotificationFormat expected) =>
        Assert.Equal(expected, NotificationFormatOptions.ParseFormat(text, "setting"));

    [Fact]
    public void ParseFormat_WhenUnknown_ShouldNameTheSettingAndTheChoices() =>
        Assert.Contains("conveyor, mbc or both", Assert.Throws<Conveyor.Core.Validation.ValidationException>(() => NotificationFormatOptions.ParseFormat("xml", "setting")).Message);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static TrackedTask Task(string pk, string sk) => new()
    {
        Key = new TaskKey(pk, sk),
        Tenant = pk.Split('#')[1],
        Type = sk.Split('#')[0],
        Name = sk.Split('#')[0],
        Status = TrackedTaskStatus.Created,
        Input = Json("{}"),
        Version = 1,
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
