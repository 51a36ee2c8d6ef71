using System.Diagnostics.CodeAnalysis;
using Conveyor.Core.Processing;

namespace Conveyor.Functions.Processing;

/// <summary>
/// The registered <see cref="ITaskProcessor"/>s by task type (ordinal). TaskWorker runs single tasks with them, MapItem
/// runs subtasks with the processor of the parent's type, and StreamFanOut fails tasks whose type has none.
/// </summary>
public sealed class TaskProcessorRegistry
{
    private readonly Dictionary<string, ITaskProcessor> _byType = new(StringComparer.Ordinal);

    /// <exception cref="DuplicateTaskProcessorException">Two processors claim one task type (a start-up error).</exception>
    public TaskProcessorRegistry(IEnumerable<ITaskProcessor> processors)
    {
        ArgumentNullException.ThrowIfNull(processors);
        foreach (var processor in processors)
        {
            if (string.IsNullOrWhiteSpace(processor.TaskType))
            {
                throw new ArgumentException($"The task processor {processor.GetType().Name} has an empty TaskType.", nameof(processors));
            }

            if (!_byType.TryAdd(processor.TaskType, processor))
            {
                throw new DuplicateTaskProcessorException(processor.TaskType, _byType[processor.TaskType].GetType().Name, processor.GetType().Name);
            }
        }
    }

    /// <summary>The registered task types, sorted (for error messages and diagnostics).</summary>
    public IReadOnlyList<string> TaskTypes => [.. _byType.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string taskType) => _byType.ContainsKey(taskType);

    public bool TryGet(string taskType, [NotNullWhen(true)] out ITaskProcessor? processor) => _byType.TryGetValue(taskType, out processor);
}
