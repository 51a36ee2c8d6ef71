using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>The <c>s3</c> part of a record: bucket and object.</summary>
public sealed record S3Entity
{
    [JsonPropertyName("s3SchemaVersion")]
    public string? SchemaVersion { get; init; }

    [JsonPropertyName("configurationId")]
    public string? ConfigurationId { get; init; }

    [JsonPropertyName("bucket")]
    public S3BucketEntity Bucket { get; set; } = new();

    [JsonPropertyName("object")]
    public S3ObjectEntity Object { get; set; } = new();
}
