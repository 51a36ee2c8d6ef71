using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>One conditional write of <see cref="ITaskStore.TryUpdateEachAsync"/>: <see cref="Next"/> if the stored row matches <see cref="Condition"/>.</summary>
public sealed record TaskUpdate(TrackedTask Next, TaskWriteCondition Condition);
