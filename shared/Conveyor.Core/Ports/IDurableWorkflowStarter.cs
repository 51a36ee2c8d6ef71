using Conveyor.Core.Workflows;

namespace Conveyor.Core.Ports;

/// <summary>
/// Starts a durable workflow as a tracked task (the <c>StartWorkflow</c> file-task action, the API, the CLI). The execution
/// name is the idempotency key: starting the same name again returns the first execution and its task.
/// </summary>
public interface IDurableWorkflowStarter
{
    /// <exception cref="Validation.ValidationException">Unknown workflow, bad execution name, tenant or input.</exception>
    /// <exception cref="Tasks.IdempotencyKeyReusedException">The name already started this workflow with another input.</exception>
    Task<WorkflowStartResult> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken);
}
