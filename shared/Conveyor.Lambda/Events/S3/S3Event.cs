using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>
/// An S3 event notification. When a notification configuration is saved, S3 first sends a test message
/// (<c>{"Service":"Amazon S3","Event":"s3:TestEvent",…}</c>) with no <c>Records</c>: check <see cref="IsTestEvent"/> and skip it.
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

    [JsonIgnore]
    public bool IsTestEvent => string.Equals(Event, TestEventName, StringComparison.Ordinal);
}
