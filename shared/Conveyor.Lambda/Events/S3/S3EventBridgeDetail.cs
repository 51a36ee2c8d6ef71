using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>
/// The <c>detail</c> of an S3 event delivered by Amazon EventBridge (<c>source</c> <c>aws.s3</c>, <c>detail-type</c>
/// <c>Object Created</c> or <c>Object Deleted</c>).
/// </summary>
public sealed record S3EventBridgeDetail
{
    [JsonPropertyName("bucket")]
    public S3BucketEntity Bucket { get; init; } = new();

    [JsonPropertyName("object")]
    public S3EventBridgeObject Object { get; init; } = new();

    /// <summary>Object Created: the API that created it (<c>PutObject</c>, <c>POST Object</c>, <c>CopyObject</c>, <c>CompleteMultipartUpload</c>).</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Object Deleted: <c>Permanently Deleted</c> or <c>Delete Marker Created</c>.</summary>
    [JsonPropertyName("deletion-type")]
    public string? DeletionType { get; init; }
}
