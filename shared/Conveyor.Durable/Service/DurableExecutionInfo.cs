using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Service;

/// <summary>An execution as <c>GetDurableExecution</c> describes it, with the id of the Conveyor task that tracks it (null when none does).</summary>
public sealed record DurableExecutionInfo(DurableExecutionDescription Execution, string? TaskId);
