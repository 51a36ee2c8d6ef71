namespace Conveyor.Functions.Workflows;

/// <summary>What one <see cref="WorkflowService.ReconcileAsync"/> sweep did: executions looked at, and tasks it told how their execution ended.</summary>
public sealed record WorkflowReconciliation(int Examined, int Reconciled);
