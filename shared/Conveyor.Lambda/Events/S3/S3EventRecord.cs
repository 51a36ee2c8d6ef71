using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>One record of an S3 notification (<c>eventName</c> like <c>ObjectCreated:Put</c> or <c>ObjectRemoved:Delete</c>).</summary>
public sealed record S3EventRecord
{
    [JsonPropertyName("eventVersion")]
    public string? EventVersion { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    [JsonPropertyName("eventTime")]
    public DateTimeOffset EventTime { get; init; }

    [JsonPropertyName("eventName")]
    public string EventName { get; set; } = "";

    [JsonPropertyName("s3")]
    public S3Entity S3 { get; set; } = new();

    [JsonIgnore]
    public bool IsObjectCreated => EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);

    [JsonIgnore]
    public bool IsObjectRemoved => EventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal);
}
