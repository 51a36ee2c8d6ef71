using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Serialization;

public sealed class MessageJsonTests
{
    [Fact]
    public void TaskQueueMessageJson_WhenRoundTripped_ShouldKeepEveryField()
    {
        var task = ContractTasks.NewTask("テナント", type: "type x");
        var message = TaskQueueMessageJson.For(task);

        var json = TaskQueueMessageJson.Serialize(message);

        Assert.Equal(message, TaskQueueMessageJson.Parse(json));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(["pk", "sk", "tenant", "type"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("\"TASK#acme\"", "must be a JSON object")]
    [InlineData("""{"pk":"TASK#acme","tenant":"acme","type":"import"}""", "no 'sk'")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"acme","type":7}""", "'type' must be a non-empty string")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"other","type":"import"}""", "does not match")]
    [InlineData("""{"pk":"BAD#acme","sk":"import#01","tenant":"acme","type":"import"}""", "not a task key")]
    public void TaskQueueMessageJson_WhenBodyMalformed_ShouldThrowFormatSayingWhat(string body, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TaskQueueMessageJson.Parse(body));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cause-1")]
    [InlineData(null)]
    public void CommandMessageJson_WhenRoundTripped_ShouldKeepEveryField(string? causationId)
    {
        var meta = new CommandMeta("billing", "alice", new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero), "m-1", "c-1", causationId);
        var message = new CommandMessage("customer-42", meta, ContractTasks.Json("""{"type":"Charge","amount":12.5}"""));

        var json = CommandMessageJson.Serialize(message);
        var parsed = CommandMessageJson.Parse(json);

        Assert.Equal(message.Id, parsed.Id);
        Assert.Equal(message.Meta, parsed.Meta);
        Assert.True(JsonElement.DeepEquals(message.Command, parsed.Command));
        Assert.Contains("\"time\":\"2026-03-04T05:06:07.890Z\"", json, StringComparison.Ordinal);
        Assert.Equal(causationId is not null, json.Contains("causationId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"meta":{},"command":{}}""", "no 'id'")]
    [InlineData("""{"id":"x","command":{}}""", "no 'meta'")]
    [InlineData("""{"id":"x","meta":{"service":"s","user":"u","time":"later","msgId":"m","correlationId":"c"},"command":{}}""", "'time'")]
    [InlineData("""{"id":"x","meta":{"service":"s","user":"u","time":"2026-01-01T00:00:00Z","msgId":"m","correlationId":"c"}}""", "no 'command'")]
    public void CommandMessageJson_WhenMalformed_ShouldThrowFormatSayingWhat(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CommandMessageJson.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotificationJson_WhenStatusNotification_ShouldWriteDocumentedShapeAndRoundTrip()
    {
        var task = ContractTasks.NewTask("acme", stepFunction: true, input: "[1]") with
        {
            Status = TrackedTaskStatus.Started,
            Attributes = new ProgressSummary(1, 0, 0, 1, [new SubTaskSummary("SFN_TASK#acme", "s#0", TrackedTaskStatus.Processing)]),
        };
        var notification = new Notification(NotificationActions.TaskStatus, task.Key, "acme", NotificationJson.StatusContent(task));

        var json = NotificationJson.Serialize(notification);
        var parsed = NotificationJson.Parse(json);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(["action", "pk", "sk", "id", "tenantCode", "content"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(task.Id, document.RootElement.GetProperty("id").GetString());
        Assert.Equal((notification.Action, notification.Key, notification.TenantCode), (parsed.Action, parsed.Key, parsed.TenantCode));
        Assert.Equal("STARTED", parsed.Content.GetProperty("status").GetString());
        Assert.Equal(task.Attributes, ProgressSummaryJson.Read(parsed.Content.GetProperty("attributes")));
    }

    [Fact]
    public void NotificationJson_WhenAlarm_ShouldCarryErrorMessage()
    {
        var task = ContractTasks.NewTask("acme", stepFunction: true, input: "[1]");
        var notification = new Notification(NotificationActions.StepFunctionAlarm, task.Key, "acme", NotificationJson.AlarmContent("2 of 3 failed"));

        var parsed = NotificationJson.Parse(NotificationJson.Serialize(notification));

        Assert.Equal("sfn-alarm", parsed.Action);
        Assert.Equal("2 of 3 failed", parsed.Content.GetProperty("errorMessage").GetString());
    }
}
