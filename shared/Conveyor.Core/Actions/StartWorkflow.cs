using Conveyor.Core.Workflows;

namespace Conveyor.Core.Actions;

/// <summary>Starts a durable workflow (tracked as a task) through <see cref="Ports.IDurableWorkflowStarter"/>; the execution name makes it idempotent.</summary>
public sealed record StartWorkflow(StartWorkflowRequest Request) : FileTaskAction
{
    public StartWorkflowRequest Request { get; init; } = Request ?? throw new ArgumentNullException(nameof(Request));

    public override string Describe() => $"StartWorkflow({Request.Tenant}/{Request.Workflow}, {Request.ExecutionName})";
}
