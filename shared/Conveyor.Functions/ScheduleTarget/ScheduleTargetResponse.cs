using System.Text.Json.Serialization;

namespace Conveyor.Functions.ScheduleTarget;

/// <summary>What a schedule firing did: the task it created (or found, on a repeated firing) or the commands it published.</summary>
public sealed record ScheduleTargetResponse
{
    /// <summary><c>task</c> or <c>command</c>.</summary>
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
}
