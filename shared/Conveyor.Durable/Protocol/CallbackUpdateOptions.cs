using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>CallbackOptions</c> of a CALLBACK START update (0 or absent: no limit).</summary>
public sealed class CallbackUpdateOptions
{
    [JsonPropertyName("TimeoutSeconds")]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("HeartbeatTimeoutSeconds")]
    public int? HeartbeatTimeoutSeconds { get; set; }
}
