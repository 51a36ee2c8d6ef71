using Conveyor.Core.Ports;
using Conveyor.Core.Services;

namespace Conveyor.Core.Actions;

/// <summary>
/// Creates tasks for file-task actions and schedules. Kept this small so the executor does not depend on the whole
/// <see cref="TaskService"/>, which implements it.
/// </summary>
public interface ITaskStarter
{
    /// <summary>Creates the task, or returns the one an earlier call with the same idempotency key created.</summary>
    Task<TaskCreation> StartAsync(CreateTaskRequest request, CancellationToken cancellationToken);
}
