using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>The object of an S3 event delivered by EventBridge; the key is URL-encoded as in S3 notifications.</summary>
public sealed record S3EventBridgeObject
{
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    /// <summary>Absent in Object Deleted events.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    /// <summary>Absent in Object Deleted events.</summary>
    [JsonPropertyName("etag")]
    public string? ETag { get; init; }

    [JsonPropertyName("version-id")]
    public string? VersionId { get; init; }

    [JsonPropertyName("sequencer")]
    public string? Sequencer { get; init; }
}
