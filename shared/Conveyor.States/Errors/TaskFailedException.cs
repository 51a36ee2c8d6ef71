namespace Conveyor.States.Errors;

/// <summary>Thrown by a task resource invoker to fail the task with a named error (matched by Retry/Catch).</summary>
public class TaskFailedException : StatesException
{
    public TaskFailedException()
        : base(StatesErrorNames.TaskFailed, string.Empty)
    {
    }

    public TaskFailedException(string message)
        : base(StatesErrorNames.TaskFailed, message)
    {
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TaskFailedException(string error, string cause)
        : base(error, cause)
    {
    }
}
