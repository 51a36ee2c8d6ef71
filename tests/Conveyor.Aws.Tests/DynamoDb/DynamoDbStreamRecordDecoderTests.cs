using System.Text.Json;
using Conveyor.Aws.DynamoDb;
using Conveyor.Core.Tasks;

namespace Conveyor.Aws.Tests.DynamoDb;

public sealed class DynamoDbStreamRecordDecoderTests
{
    // A NewImage as Lambda delivers it for a subtask row (recorded shape of a DynamoDB stream event).
    private const string SubTaskImage = """
        {
          "pk": {"S": "SFN_TASK#acme"},
          "sk": {"S": "import#01JD0000000000000000000000#3"},
          "id": {"S": "SFN_TASK#acme#import#01JD0000000000000000000000#3"},
          "kind": {"S": "SUB_TASK"},
          "tenantCode": {"S": "acme"},
          "type": {"S": "import"},
          "name": {"S": "Import row 3"},
          "status": {"S": "FAILED"},
          "version": {"N": "4"},
          "input": {"S": "{\"row\":3,\"values\":[1,2]}"},
          "error": {"M": {"type": {"S": "RowInvalid"}, "message": {"S": "column 2 is empty"}}},
          "createdAt": {"S": "2026-11-23T12:00:00.1230000Z"},
          "updatedAt": {"S": "2026-11-23T12:05:00.0000000Z"},
          "parentPk": {"S": "SFN_TASK#acme"},
          "parentSk": {"S": "import#01JD0000000000000000000000"}
        }
        """;

    private readonly DynamoDbStreamRecordDecoder _decoder = new();

    [Fact]
    public void Decode_WhenSubTaskImage_ShouldMapEveryField()
    {
        using var image = JsonDocument.Parse(SubTaskImage);

        var task = _decoder.Decode(image.RootElement);

        Assert.Equal(new TaskKey("SFN_TASK#acme", "import#01JD0000000000000000000000#3"), task.Key);
        Assert.Equal(TaskKind.SubTask, task.Kind);
        Assert.Equal(TrackedTaskStatus.Failed, task.Status);
        Assert.Equal(4, task.Version);
        Assert.Equal(3, task.Input.GetProperty("row").GetInt32());
        Assert.Equal(new TaskError("RowInvalid", "column 2 is empty"), task.Error);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero), task.CreatedAt);
        Assert.Equal(new TaskKey("SFN_TASK#acme", "import#01JD0000000000000000000000"), task.ParentKey);
        Assert.Null(task.Result);
    }

    [Theory]
    [InlineData("""{"pk":{"S":"IDEMPOTENCY#acme#k"},"sk":{"S":"IDEMPOTENCY"}}""")]
    [InlineData("""{"pk":{"S":"CUSTOMER#1"},"sk":{"S":"x"}}""")]
    [InlineData("""{"sk":{"S":"x"}}""")]
    [InlineData("""[]""")]
    public void Decode_WhenImageIsNotATask_ShouldSayIsTaskFalseAndThrowClearly(string json)
    {
        using var image = JsonDocument.Parse(json);

        Assert.False(_decoder.IsTask(image.RootElement));
        var error = Assert.Throws<FormatException>(() => _decoder.Decode(image.RootElement));
        Assert.Contains("not a task row", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version", """{"S":"4"}""")]
    [InlineData("status", """{"S":"SLEEPING"}""")]
    [InlineData("input", """{"S":"{not json"}""")]
    [InlineData("createdAt", """{"S":"yesterday"}""")]
    [InlineData("version", """{"N":"4","S":"4"}""")]
    public void Decode_WhenTaskAttributeMalformed_ShouldThrowFormatException(string attribute, string value)
    {
        using var original = JsonDocument.Parse(SubTaskImage);
        var fields = original.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        fields[attribute] = value;
        using var image = JsonDocument.Parse("{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}");

        Assert.ThrowsAny<FormatException>(() => _decoder.Decode(image.RootElement));
    }
}
