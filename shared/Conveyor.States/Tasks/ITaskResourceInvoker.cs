namespace Conveyor.States.Tasks;

/// <summary>
/// Runs Task state resources. Throw <see cref="Errors.TaskFailedException"/> to fail with a named error; any other
/// exception fails the task with its type name as the error. The token is cancelled on TimeoutSeconds/HeartbeatSeconds.
/// </summary>
public interface ITaskResourceInvoker
{
    ValueTask<TaskResult> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken);
}
