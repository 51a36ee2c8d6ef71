using Conveyor.Core.Ports;

namespace Conveyor.Core.Actions;

/// <summary>
/// Creates tasks for file-task actions. Kept this small so the executor does not depend on the whole TaskService;
/// an adapter over TaskService maps <see cref="StartTaskRequest"/> to CreateTaskAsync / CreateStepFunctionTaskAsync.
/// </summary>
public interface ITaskStarter
{
    /// <summary>Creates the task, or returns the one an earlier call with the same idempotency key created.</summary>
    Task<TaskCreation> StartAsync(StartTaskRequest request, CancellationToken cancellationToken);
}
