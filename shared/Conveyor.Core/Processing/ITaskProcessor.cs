using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Processing;

/// <summary>
/// Runs one task type (TaskWorker) or one subtask type (MapItem). Return the result JSON (or null).
/// Throw <see cref="PermanentTaskFailureException"/> to fail for good; any other exception is an attempt that errored
/// and will be retried.
/// </summary>
public interface ITaskProcessor
{
    /// <summary>The task type this processor runs (the <c>type</c> of the task, or of the parent for subtasks).</summary>
    string TaskType { get; }

    Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken);
}
