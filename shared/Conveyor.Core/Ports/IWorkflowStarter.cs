namespace Conveyor.Core.Ports;

/// <summary>Starts the step-function workflow of a parent task (Step Functions on AWS, the States interpreter locally).</summary>
public interface IWorkflowStarter
{
    /// <summary>Idempotent per execution name: starting the same name again for the same task is success.</summary>
    Task<WorkflowExecution> StartAsync(WorkflowStart request, CancellationToken cancellationToken);
}
