using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>A workflow task's durable execution and its operations (steps, waits, callbacks) in start order.</summary>
public sealed record DashboardWorkflow(DurableExecutionInfo Info, IReadOnlyList<Operation> Operations);
