using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.App.Processors;

/// <summary>
/// Processes an uploaded document (<c>{bucket, key}</c>): looks the object up and returns its size and ETag. A document
/// deleted in the meantime fails permanently, and so does a refusal (S3's 403 for a missing key without list permission,
/// or a role that may not read the bucket): retrying would only walk the message to the DLQ. Other store faults are retried.
/// </summary>
public sealed class ProcessDocumentProcessor(IObjectStore objects) : ITaskProcessor
{
    private readonly IObjectStore _objects = objects ?? throw new ArgumentNullException(nameof(objects));

    public string TaskType => AppTaskTypes.ProcessDocument;

    public async Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var bucket = RequiredString(task.Input, "bucket");
        var key = RequiredString(task.Input, "key");
        ObjectMetadata? metadata;
        try
        {
            metadata = await _objects.HeadAsync(bucket, key, cancellationToken);
        }
        catch (ObjectAccessDeniedException ex)
        {
            throw new PermanentTaskFailureException($"The document {bucket}/{key} cannot be read: {ex.Message}", ex);
        }

        if (metadata is null)
        {
            throw new PermanentTaskFailureException($"The document {bucket}/{key} does not exist (deleted after upload?).");
        }

        return JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("bucket", bucket);
            writer.WriteString("key", key);
            writer.WriteNumber("size", metadata.Size);
            writer.WriteString("eTag", metadata.ETag);
            writer.WriteEndObject();
        });
    }

    private static string RequiredString(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new PermanentTaskFailureException($"A process-document task needs \"{name}\" in its input ({{\"bucket\", \"key\"}}).");
}
