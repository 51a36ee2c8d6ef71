namespace Conveyor.Core.Tasks;

/// <summary>No task is stored under the key.</summary>
public sealed class TaskNotFoundException : Exception
{
    public TaskNotFoundException(TaskKey key) : base($"Task {key.Id} does not exist.") => Key = key;

    public TaskNotFoundException() : base("Task not found.") { }

    public TaskNotFoundException(string message) : base(message) { }

    public TaskNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    public TaskKey? Key { get; }
}
