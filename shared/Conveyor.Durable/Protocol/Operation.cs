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

    /// <summary>
    /// A deep copy, so a stored operation is never shared with a caller. It is what a JSON round trip gives (timestamps
    /// to the millisecond, in UTC, as <see cref="EpochTimestampConverter"/> writes them), copied member by member.
    /// </summary>
    public Operation Clone() => new()
    {
        Id = Id,
        ParentId = ParentId,
        Name = Name,
        Type = Type,
        SubType = SubType,
        Status = Status,
        StartTimestamp = ToMilliseconds(StartTimestamp),
        EndTimestamp = ToMilliseconds(EndTimestamp),
        ExecutionDetails = ExecutionDetails is { } execution ? new ExecutionDetails { InputPayload = execution.InputPayload } : null,
        ContextDetails = ContextDetails is { } context ? new ContextDetails { Result = context.Result, Error = context.Error?.Clone(), ReplayChildren = context.ReplayChildren } : null,
        StepDetails = StepDetails is { } step
            ? new StepDetails { Result = step.Result, Error = step.Error?.Clone(), Attempt = step.Attempt, NextAttemptTimestamp = ToMilliseconds(step.NextAttemptTimestamp) }
            : null,
        WaitDetails = WaitDetails is { } wait ? new WaitDetails { ScheduledEndTimestamp = ToMilliseconds(wait.ScheduledEndTimestamp) } : null,
        CallbackDetails = CallbackDetails is { } callback ? new CallbackDetails { CallbackId = callback.CallbackId, Result = callback.Result, Error = callback.Error?.Clone() } : null,
        ChainedInvokeDetails = ChainedInvokeDetails is { } invoke ? new ChainedInvokeDetails { Result = invoke.Result, Error = invoke.Error?.Clone() } : null,
    };

    private static DateTimeOffset? ToMilliseconds(DateTimeOffset? value) =>
        value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v.ToUnixTimeMilliseconds()) : null;
}
