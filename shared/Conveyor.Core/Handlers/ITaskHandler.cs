using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Handlers;

/// <summary>
/// Runs one task type (TaskWorker) or one subtask type (MapItem). Return the result JSON (or null).
/// Throw <see cref="PermanentTaskFailureException"/> to fail for good; any other exception is an attempt that errored
/// and will be retried.
/// </summary>
public interface ITaskHandler
{
    /// <summary>The task type this handler runs (the <c>type</c> of the task, or of the parent for subtasks).</summary>
    string TaskType { get; }

    Task<JsonElement?> HandleAsync(TrackedTask task, CancellationToken cancellationToken);
}
