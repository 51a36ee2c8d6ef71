using System.Text.Json.Serialization;

namespace Conveyor.Functions.ScheduleTarget;

/// <summary>
/// What a schedule firing did: the task it created (or found, on a repeated firing), the commands it published, or
/// what a <c>reconcile-workflows</c> sweep looked at and told.
/// </summary>
public sealed record ScheduleTargetResponse
{
    /// <summary><c>task</c>, <c>command</c> or <c>reconcile-workflows</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("taskId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskId { get; init; }

    /// <summary>False when an earlier delivery of the same firing created the task already.</summary>
    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Created { get; init; }

    [JsonPropertyName("aggregate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Aggregate { get; init; }

    [JsonPropertyName("commands")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Commands { get; init; }

    /// <summary>Ended executions the sweep looked at.</summary>
    [JsonPropertyName("examined")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Examined { get; init; }

    /// <summary>Tasks the sweep told how their execution ended (the others knew already).</summary>
    [JsonPropertyName("reconciled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Reconciled { get; init; }
}
