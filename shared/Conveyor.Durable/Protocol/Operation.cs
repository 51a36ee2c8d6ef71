using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>One operation of a durable execution as the service records it (<c>Operation</c> in the Lambda API).</summary>
public sealed class Operation
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

    [JsonPropertyName("Status")]
    public string Status { get; set; } = string.Empty;

    [JsonPropertyName("StartTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? StartTimestamp { get; set; }

    [JsonPropertyName("EndTimestamp")]
    [JsonConverter(typeof(EpochTimestampConverter))]
    public DateTimeOffset? EndTimestamp { get; set; }

    [JsonPropertyName("ExecutionDetails")]
    public ExecutionDetails? ExecutionDetails { get; set; }

    [JsonPropertyName("ContextDetails")]
    public ContextDetails? ContextDetails { get; set; }

    [JsonPropertyName("StepDetails")]
    public StepDetails? StepDetails { get; set; }

    [JsonPropertyName("WaitDetails")]
    public WaitDetails? WaitDetails { get; set; }

    [JsonPropertyName("CallbackDetails")]
    public CallbackDetails? CallbackDetails { get; set; }

    [JsonPropertyName("ChainedInvokeDetails")]
    public ChainedInvokeDetails? ChainedInvokeDetails { get; set; }

    /// <summary>A deep copy (through JSON), so a stored operation is never shared with a caller.</summary>
    public Operation Clone() => DurableProtocolJson.Clone(this);
}
