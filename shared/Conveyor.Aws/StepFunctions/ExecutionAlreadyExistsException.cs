using Conveyor.Aws.Http;

namespace Conveyor.Aws.StepFunctions;

/// <summary>
/// An execution with this name exists already (running with a different input, or finished). For Conveyor's
/// deterministic per-task names that means the task was started before: <see cref="StepFunctionsWorkflowStarter"/> treats it as success.
/// </summary>
public sealed class ExecutionAlreadyExistsException : AwsServiceException
{
    public ExecutionAlreadyExistsException() { }

    public ExecutionAlreadyExistsException(string message) : base(message) { }

    public ExecutionAlreadyExistsException(string message, Exception innerException) : base(message, innerException) { }

    public ExecutionAlreadyExistsException(AwsErrorDetails details) : base(details) { }

    /// <summary>The existing execution's ARN when the service named it in the message (<c>Execution Already Exists: 'arn:...'</c>).</summary>
    public string? ExistingExecutionArn
    {
        get
        {
            var message = Details.Message;
            var start = message.IndexOf("'arn:", StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            var end = message.IndexOf('\'', start + 1);
            return end < 0 ? null : message[(start + 1)..end];
        }
    }
}
