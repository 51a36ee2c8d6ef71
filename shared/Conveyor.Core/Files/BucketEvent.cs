namespace Conveyor.Core.Files;

/// <summary>One object event from a bucket (an S3 event record, or the local folder watcher), with the key already decoded.</summary>
/// <param name="EventName">As S3 names it, e.g. <c>ObjectCreated:Put</c>, <c>ObjectRemoved:Delete</c> (an <c>s3:</c> prefix is tolerated).</param>
/// <param name="Bucket">The physical bucket name.</param>
/// <param name="Key">The decoded key (see <see cref="S3KeyDecoder"/>).</param>
/// <param name="Sequencer">Orders events of one key; distinguishes two uploads of identical content.</param>
public sealed record BucketEvent(
    string EventName,
    string Bucket,
    string Key,
    long Size = 0,
    string? ETag = null,
    string? VersionId = null,
    string? Sequencer = null,
    DateTimeOffset? EventTime = null)
{
    private const string CreatedPrefix = "ObjectCreated:";
    private const string RemovedPrefix = "ObjectRemoved:";

    public bool IsCreated => Unprefixed.StartsWith(CreatedPrefix, StringComparison.Ordinal);

    public bool IsRemoved => Unprefixed.StartsWith(RemovedPrefix, StringComparison.Ordinal);

    private string Unprefixed => EventName.StartsWith("s3:", StringComparison.Ordinal) ? EventName[3..] : EventName;
}
