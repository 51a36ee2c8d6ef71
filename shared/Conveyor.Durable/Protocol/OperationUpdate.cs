using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>One change a checkpoint asks the service to record (<c>OperationUpdate</c> in the Lambda API).</summary>
public sealed class OperationUpdate
{
    [JsonPropertyName("Id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("ParentId")]
    public string? ParentId { get; set; }

    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    [JsonPropertyName("Type")]
    public string Type { get; set; } = string.Empty;

    [JsonPropertyName("SubType")]
    public string? SubType { get; set; }

    [JsonPropertyName("Action")]
    public string Action { get; set; } = string.Empty;

    [JsonPropertyName("Payload")]
    public string? Payload { get; set; }

    [JsonPropertyName("Error")]
    public ErrorObject? Error { get; set; }

    [JsonPropertyName("StepOptions")]
    public StepUpdateOptions? StepOptions { get; set; }

    [JsonPropertyName("WaitOptions")]
    public WaitUpdateOptions? WaitOptions { get; set; }

    [JsonPropertyName("CallbackOptions")]
    public CallbackUpdateOptions? CallbackOptions { get; set; }

    [JsonPropertyName("ChainedInvokeOptions")]
    public ChainedInvokeUpdateOptions? ChainedInvokeOptions { get; set; }

    [JsonPropertyName("ContextOptions")]
    public ContextUpdateOptions? ContextOptions { get; set; }
}
