using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Functions.FileTrigger;

/// <summary>
/// The records of an event FileTrigger receives, whichever way S3 delivered it: an S3 event notification
/// (<c>Records</c>), or one object event through Amazon EventBridge (<c>source</c> <c>aws.s3</c>, <c>detail-type</c>
/// <c>Object Created</c> / <c>Object Deleted</c>), turned into the notification record it stands for. Any other shape —
/// including an empty <c>Records</c>, which S3 never sends — is rejected with a message naming what arrived.
/// </summary>
internal static class S3EventShapes
{
    private const string EventBridgeSource = "aws.s3";

    /// <exception cref="InvalidEventException">Neither an S3 notification with records nor an S3 object event from EventBridge.</exception>
    public static IReadOnlyList<S3EventRecord> Records(S3Event input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // JSON null leaves a non-nullable property null (System.Text.Json does not enforce the annotations), so every
        // part of the event is checked before use.
        if (input.Records is { Count: > 0 } records)
        {
            return EventRecords.RequireAll(records, "S3 event");
        }

        if (input.Detail is not { } detail)
        {
            throw new InvalidEventException(input.Source is null && input.DetailType is null
                ? "FileTrigger received an event with no S3 records: it takes S3 event notifications ({\"Records\":[…]}) or S3 object events from EventBridge (source aws.s3, detail-type Object Created / Object Deleted)."
                : $"FileTrigger received an EventBridge event without detail (source '{input.Source}', detail-type '{input.DetailType}'); it takes S3 object events (source aws.s3, detail-type Object Created / Object Deleted).");
        }

        if (!string.Equals(input.Source, EventBridgeSource, StringComparison.Ordinal))
        {
            throw new InvalidEventException($"FileTrigger received an EventBridge event from source '{input.Source}'; it takes S3 object events (source aws.s3).");
        }

        if (detail.Bucket?.Name is not { Length: > 0 } || detail.Object?.Key is not { Length: > 0 })
        {
            throw new InvalidEventException($"FileTrigger received an S3 EventBridge event '{input.DetailType}' without detail.bucket.name or detail.object.key.");
        }

        var eventName = input.DetailType switch
        {
            "Object Created" => "ObjectCreated:" + CreatedName(detail.Reason),
            "Object Deleted" => string.Equals(detail.DeletionType, "Delete Marker Created", StringComparison.Ordinal)
                ? "ObjectRemoved:DeleteMarkerCreated"
                : "ObjectRemoved:Delete",
            var other => throw new InvalidEventException(
                $"FileTrigger received the S3 EventBridge event '{other}'; it handles Object Created and Object Deleted (narrow the EventBridge rule's detail-type to those)."),
        };
        return
        [
            new S3EventRecord
            {
                EventSource = "aws:s3",
                EventName = eventName,
                EventTime = input.Time ?? default,
                S3 = new S3Entity
                {
                    Bucket = new S3BucketEntity { Name = detail.Bucket.Name },
                    Object = new S3ObjectEntity
                    {
                        Key = detail.Object.Key,
                        Size = detail.Object.Size,
                        ETag = detail.Object.ETag,
                        VersionId = detail.Object.VersionId,
                        Sequencer = detail.Object.Sequencer,
                    },
                },
            },
        ];
    }

    /// <summary>The notification event name's suffix of an EventBridge <c>reason</c>.</summary>
    private static string CreatedName(string? reason) => reason switch
    {
        "PutObject" => "Put",
        "POST Object" => "Post",
        "CopyObject" => "Copy",
        "CompleteMultipartUpload" => "CompleteMultipartUpload",
        null or "" => "Put",
        var other => other,
    };
}
