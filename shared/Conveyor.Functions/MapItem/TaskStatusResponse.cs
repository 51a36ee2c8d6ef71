using System.Text.Json.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.MapItem;

/// <summary><c>{"status":"COMPLETED"}</c>: what MapItem and Finalize return to the state machine (its ResultSelector reads <c>status</c>).</summary>
public sealed record TaskStatusResponse([property: JsonPropertyName("status")] string Status)
{
    public static TaskStatusResponse Of(TrackedTaskStatus status) => new(status.ToWireName());
}
