using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Decodes the <c>NewImage</c>/<c>OldImage</c> of a DynamoDB stream record (typed JSON, as Lambda delivers it) into a
/// <see cref="TrackedTask"/>, with the same mapping as <see cref="DynamoDbTaskStore"/>. An input or result kept in S3
/// stays a <c>{"$ref":"s3://…"}</c> object here: read the task from the store when the full value is needed.
/// </summary>
public sealed class DynamoDbStreamRecordDecoder : ITaskImageDecoder
{
    public static DynamoDbStreamRecordDecoder Instance { get; } = new();

    /// <summary>True when the image is a task row (pk <c>TASK#…</c> or <c>SFN_TASK#…</c>), not an idempotency marker or another item.</summary>
    public bool IsTask(JsonElement image) =>
        image.ValueKind == JsonValueKind.Object
        && image.TryGetProperty(A.Pk, out var pk)
        && pk.ValueKind == JsonValueKind.Object
        && pk.TryGetProperty("S", out var s)
        && s.ValueKind == JsonValueKind.String
        && s.GetString() is { } text
        && (text.StartsWith(TaskKeys.TaskPrefix + "#", StringComparison.Ordinal) || text.StartsWith(TaskKeys.StepFunctionPrefix + "#", StringComparison.Ordinal));

    /// <exception cref="FormatException">The image is not a task row, or one of its attributes is malformed.</exception>
    public TrackedTask Decode(JsonElement image)
    {
        if (!IsTask(image))
        {
            var pk = image.ValueKind == JsonValueKind.Object && image.TryGetProperty(A.Pk, out var p) ? p.GetRawText() : "(none)";
            throw new FormatException(
                $"The stream image is not a task row: its pk is {pk}; task rows have pk {{\"S\":\"TASK#<tenant>\"}} or {{\"S\":\"SFN_TASK#<tenant>\"}}.");
        }

        try
        {
            return TaskItemMapper.FromItem(AttributeValueJson.ItemFromTyped(image));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The stream image of a task could not be decoded: {ex.Message}", ex);
        }
    }
}
