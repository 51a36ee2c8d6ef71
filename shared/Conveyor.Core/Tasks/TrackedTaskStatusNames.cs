using System.Diagnostics.CodeAnalysis;

namespace Conveyor.Core.Tasks;

/// <summary>Converts statuses to and from their stable wire names (CREATED, QUEUED, ...).</summary>
public static class TrackedTaskStatusNames
{
    public static string ToWireName(this TrackedTaskStatus status) => status switch
    {
        TrackedTaskStatus.Created => "CREATED",
        TrackedTaskStatus.Queued => "QUEUED",
        TrackedTaskStatus.Started => "STARTED",
        TrackedTaskStatus.Processing => "PROCESSING",
        TrackedTaskStatus.Finished => "FINISHED",
        TrackedTaskStatus.Completed => "COMPLETED",
        TrackedTaskStatus.Errored => "ERRORED",
        TrackedTaskStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown task status."),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out TrackedTaskStatus? status)
    {
        status = name?.ToUpperInvariant() switch
        {
            "CREATED" => TrackedTaskStatus.Created,
            "QUEUED" => TrackedTaskStatus.Queued,
            "STARTED" => TrackedTaskStatus.Started,
            "PROCESSING" => TrackedTaskStatus.Processing,
            "FINISHED" => TrackedTaskStatus.Finished,
            "COMPLETED" => TrackedTaskStatus.Completed,
            "ERRORED" => TrackedTaskStatus.Errored,
            "FAILED" => TrackedTaskStatus.Failed,
            _ => null,
        };
        return status is not null;
    }

    public static TrackedTaskStatus Parse(string name) =>
        TryParse(name, out var status)
            ? status.Value
            : throw new FormatException($"'{name}' is not a task status; expected one of CREATED, QUEUED, STARTED, PROCESSING, FINISHED, COMPLETED, ERRORED, FAILED.");
}
