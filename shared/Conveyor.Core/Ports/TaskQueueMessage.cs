using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>The body of a task-queue message: which task to run. The row itself stays in the store.</summary>
public sealed record TaskQueueMessage(TaskKey Key, string Tenant, string Type);
