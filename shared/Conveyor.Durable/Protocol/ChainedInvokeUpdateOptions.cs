using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary><c>ChainedInvokeOptions</c> of a CHAINED_INVOKE START update.</summary>
public sealed class ChainedInvokeUpdateOptions
{
    [JsonPropertyName("FunctionName")]
    public string? FunctionName { get; set; }

    [JsonPropertyName("TenantId")]
    public string? TenantId { get; set; }
}
