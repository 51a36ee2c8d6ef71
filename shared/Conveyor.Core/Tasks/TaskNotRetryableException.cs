namespace Conveyor.Core.Tasks;

/// <summary>A retry was asked for a task that cannot be retried (not FAILED, not a single task, or failed before it ever ran); the message says why.</summary>
public sealed class TaskNotRetryableException : Exception
{
    public TaskNotRetryableException() : base("The task cannot be retried.") { }

    public TaskNotRetryableException(string message) : base(message) { }

    public TaskNotRetryableException(string message, Exception innerException) : base(message, innerException) { }
}
