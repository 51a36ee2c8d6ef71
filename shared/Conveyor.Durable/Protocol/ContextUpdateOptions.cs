using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>ContextOptions</c> of a CONTEXT SUCCEED update.</summary>
public sealed class ContextUpdateOptions
{
    [JsonPropertyName("ReplayChildren")]
    public bool? ReplayChildren { get; set; }
}
