namespace Conveyor.Functions.TaskWorker;

/// <summary>A task's handler failed in a way a retry may cure: the task is ERRORED and its message is reported failed for redelivery.</summary>
public sealed class TaskAttemptFailedException : Exception
{
    public TaskAttemptFailedException() : base("The task attempt failed.") { }

    public TaskAttemptFailedException(string message) : base(message) { }

    public TaskAttemptFailedException(string message, Exception innerException) : base(message, innerException) { }
}
