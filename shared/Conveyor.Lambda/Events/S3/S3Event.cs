using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>
/// An S3 event notification. When a notification configuration is saved, S3 first sends a test message
/// (<c>{"Service":"Amazon S3","Event":"s3:TestEvent",…}</c>) with no <c>Records</c>: check <see cref="IsTestEvent"/> and skip it.
/// The same type reads an S3 event delivered by EventBridge (<c>source</c>, <c>detail-type</c>, <c>detail</c>, no
/// <c>Records</c>), so one function can be wired either way.
/// </summary>
public sealed record S3Event
{
    public const string TestEventName = "s3:TestEvent";

    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord> Records { get; set; } = [];

    /// <summary>Only set on the test message.</summary>
    [JsonPropertyName("Event")]
    public string? Event { get; init; }

    [JsonPropertyName("Bucket")]
    public string? Bucket { get; init; }

    /// <summary>EventBridge delivery: <c>aws.s3</c> (null in an S3 notification).</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>EventBridge delivery: <c>Object Created</c>, <c>Object Deleted</c>, …</summary>
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    /// <summary>EventBridge delivery: when the event occurred.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    /// <summary>EventBridge delivery: the bucket, object and reason.</summary>
    [JsonPropertyName("detail")]
    public S3EventBridgeDetail? Detail { get; init; }

    [JsonIgnore]
    public bool IsTestEvent => string.Equals(Event, TestEventName, StringComparison.Ordinal);
}
