using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>WaitOptions</c> of a WAIT START update.</summary>
public sealed class WaitUpdateOptions
{
    [JsonPropertyName("WaitSeconds")]
    public int? WaitSeconds { get; set; }
}
