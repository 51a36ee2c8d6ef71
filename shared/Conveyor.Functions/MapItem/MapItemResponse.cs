using System.Text.Json.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.MapItem;

/// <summary>
/// What MapItem returns to the state machine: <c>{"status":"COMPLETED"}</c> for one subtask, or
/// <c>{"statuses":["COMPLETED","FAILED",…]}</c> for a batch, in the batch's item order (the ResultSelectors read these).
/// </summary>
public sealed record MapItemResponse
{
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonPropertyName("statuses")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Statuses { get; init; }

    public static MapItemResponse Of(TrackedTaskStatus status) => new() { Status = status.ToWireName() };

    public static MapItemResponse Of(IEnumerable<TrackedTaskStatus> statuses) => new() { Statuses = statuses.Select(s => s.ToWireName()).ToArray() };
}
