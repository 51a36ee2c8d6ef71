using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>StepOptions</c> of a RETRY update.</summary>
public sealed class StepUpdateOptions
{
    [JsonPropertyName("NextAttemptDelaySeconds")]
    public int? NextAttemptDelaySeconds { get; set; }
}
