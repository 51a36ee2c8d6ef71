using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.StreamFanOut;

/// <summary>
/// Decodes change-feed images written in the task JSON shape (<see cref="TaskJson"/>), as the embedded engine's change
/// feed carries them. On AWS the images are DynamoDB AttributeValue JSON and the AWS adapter's decoder is used instead.
/// </summary>
public sealed class TaskJsonImageDecoder : ITaskImageDecoder
{
    public bool IsTask(JsonElement image) =>
        image.ValueKind == JsonValueKind.Object
        && image.TryGetProperty("pk", out var pk)
        && pk.ValueKind == JsonValueKind.String
        && pk.GetString() is { } text
        && (text.StartsWith(TaskKeys.TaskPrefix + "#", StringComparison.Ordinal) || text.StartsWith(TaskKeys.StepFunctionPrefix + "#", StringComparison.Ordinal));

    public TrackedTask Decode(JsonElement image) => TaskJson.Read(image);
}
