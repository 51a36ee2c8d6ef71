using System.Diagnostics.CodeAnalysis;
using Conveyor.Core.Handlers;

namespace Conveyor.Functions.Handlers;

/// <summary>
/// The registered <see cref="ITaskHandler"/>s by task type (ordinal). TaskWorker runs single tasks with them, MapItem
/// runs subtasks with the handler of the parent's type, and StreamFanOut fails tasks whose type has none.
/// </summary>
public sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, ITaskHandler> _byType = new(StringComparer.Ordinal);

    /// <exception cref="DuplicateTaskHandlerException">Two handlers claim one task type (a start-up error).</exception>
    public TaskHandlerRegistry(IEnumerable<ITaskHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        foreach (var handler in handlers)
        {
            if (string.IsNullOrWhiteSpace(handler.TaskType))
            {
                throw new ArgumentException($"The task handler {handler.GetType().Name} has an empty TaskType.", nameof(handlers));
            }

            if (!_byType.TryAdd(handler.TaskType, handler))
            {
                throw new DuplicateTaskHandlerException(handler.TaskType, _byType[handler.TaskType].GetType().Name, handler.GetType().Name);
            }
        }
    }

    /// <summary>The registered task types, sorted (for error messages and diagnostics).</summary>
    public IReadOnlyList<string> TaskTypes => [.. _byType.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string taskType) => _byType.ContainsKey(taskType);

    public bool TryGet(string taskType, [NotNullWhen(true)] out ITaskHandler? handler) => _byType.TryGetValue(taskType, out handler);
}
