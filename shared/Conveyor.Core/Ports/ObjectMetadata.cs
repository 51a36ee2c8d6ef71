namespace Conveyor.Core.Ports;

/// <summary>What is known of a stored object without reading it.</summary>
public sealed record ObjectMetadata(
    string Bucket,
    string Key,
    long Size,
    string? ETag = null,
    string? ContentType = null,
    DateTimeOffset? LastModified = null,
    string? VersionId = null);
