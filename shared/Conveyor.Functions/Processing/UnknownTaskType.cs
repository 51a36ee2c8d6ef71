using Conveyor.Core.Tasks;

namespace Conveyor.Functions.Processing;

/// <summary>The error recorded on a task whose type has no registered processor: retrying cannot help, so it fails at once.</summary>
public static class UnknownTaskType
{
    /// <summary>The stable error type stored on the task.</summary>
    public const string ErrorType = "UnknownTaskType";

    public static TaskError ErrorFor(string taskType, TaskProcessorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var known = registry.TaskTypes.Count == 0 ? "none" : string.Join(", ", registry.TaskTypes);
        return new TaskError(ErrorType, $"No processor is registered for task type '{taskType}' (registered: {known}).");
    }
}
