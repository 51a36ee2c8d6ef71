using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>WaitDetails</c>: when the timer fires.</summary>
public sealed class WaitDetails
{
    [JsonPropertyName("ScheduledEndTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? ScheduledEndTimestamp { get; set; }
}
