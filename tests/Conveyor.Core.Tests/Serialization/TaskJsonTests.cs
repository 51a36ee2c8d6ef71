using System.Text.Json;
using Conveyor.Core.Contracts;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Serialization;

public sealed class TaskJsonTests
{
    private static TrackedTask FullSubTask()
    {
        var parent = ContractTasks.NewTask("acme", stepFunction: true, input: "[1]");
        return ContractTasks.SubTaskOf(parent, 0, """{"name":"é \"quoted\"","n":[1,2.5,null]}""") with
        {
            Name = "Resize",
            Status = TrackedTaskStatus.Failed,
            Version = 4,
            Result = ContractTasks.Json("""{"partial":true}"""),
            Error = new TaskError("Boom", "it broke"),
            Attributes = new ProgressSummary(1, 0, 1, 0, [new SubTaskSummary("SFN_TASK#acme", "x#0", TrackedTaskStatus.Failed)]),
            UpdatedAt = ContractTasks.BaseTime.AddMinutes(1),
            CreatedBy = "bob",
            RequestId = "req-9",
        };
    }

    [Fact]
    public void Serialize_WhenEveryFieldSet_ShouldRoundTrip()
    {
        var task = FullSubTask();

        var parsed = TaskJson.Parse(TaskJson.Serialize(task));

        ContractTasks.AssertSame(task, parsed);
        ContractTasks.AssertSame(task, TaskJson.Parse(TaskJson.SerializeToUtf8Bytes(task)));
    }

    [Fact]
    public void Serialize_WhenFullTask_ShouldWriteTheDocumentedShape()
    {
        var task = FullSubTask();

        using var document = JsonDocument.Parse(TaskJson.Serialize(task));
        var root = document.RootElement;

        Assert.Equal(
            ["id", "pk", "sk", "type", "tenant", "name", "status", "version", "input", "result", "error", "attributes", "createdAt", "updatedAt", "createdBy", "requestId", "parentId"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(task.Id, root.GetProperty("id").GetString());
        Assert.Equal("FAILED", root.GetProperty("status").GetString());
        Assert.Equal(4, root.GetProperty("version").GetInt64());
        Assert.Equal("2026-11-23T12:00:00.123Z", root.GetProperty("createdAt").GetString());
        Assert.Equal("Boom", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(task.ParentKey!.Value.Id, root.GetProperty("parentId").GetString());
        Assert.Equal(
            ["subTaskCount", "subTaskSucceedCount", "subTaskFailedCount", "subTaskRunningCount", "subTaskPendingCount", "subTasks"],
            root.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_WhenOptionalFieldsAbsent_ShouldOmitThemButWriteAttributesNull()
    {
        var task = ContractTasks.NewTask("acme");

        using var document = JsonDocument.Parse(TaskJson.Serialize(task));

        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.DoesNotContain("result", names);
        Assert.DoesNotContain("error", names);
        Assert.DoesNotContain("parentId", names);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("attributes").ValueKind);
        ContractTasks.AssertSame(task, TaskJson.Read(document.RootElement));
    }

    [Fact]
    public void Serialize_WhenTimestampHasOffsetAndTicks_ShouldWriteUtcMilliseconds()
    {
        var task = ContractTasks.NewTask("acme") with { UpdatedAt = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.FromHours(9)).AddTicks(12_345_678) };

        var parsed = TaskJson.Parse(TaskJson.Serialize(task));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, 234, TimeSpan.Zero), parsed.UpdatedAt);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"sk":"import#01"}""", "'pk'")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"acme","type":"import","name":"n","status":"DONE","version":1,"input":{},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "DONE")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"acme","type":"import","name":"n","status":"CREATED","version":"1","input":{},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "'version'")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"acme","type":"import","name":"n","status":"CREATED","version":1,"input":{},"createdAt":"yesterday","updatedAt":"2026-01-01T00:00:00Z"}""", "'createdAt'")]
    [InlineData("""{"pk":"TASK#acme","sk":"import#01","tenant":"acme","type":"import","name":"n","status":"CREATED","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "'input'")]
    [InlineData("""{"id":"TASK#other#import#01","pk":"TASK#acme","sk":"import#01"}""", "does not match")]
    [InlineData("""{"pk":"QUEUE#acme","sk":"import#01"}""", "not a task key")]
    public void Parse_WhenMalformed_ShouldThrowFormatSayingWhat(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TaskJson.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
