using System.Text.Json.Serialization;

namespace Conveyor.Functions.FileTrigger;

/// <summary>One record that was not fully processed, and why.</summary>
/// <param name="Key">The key as decoded, or as it arrived when it could not be decoded.</param>
/// <param name="Transient">True when retrying the event may help (an infrastructure fault, not bad input).</param>
public sealed record FileRecordFailure(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("eventName")] string EventName,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("transient")] bool Transient);
