using Conveyor.Core.Actions;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;

namespace Conveyor.Functions.Tasks;

/// <summary>The <see cref="ITaskStarter"/> of file-task actions and schedules: a single or step-function task through <see cref="TaskService"/>.</summary>
public sealed class TaskServiceTaskStarter(TaskService tasks) : ITaskStarter
{
    private readonly TaskService _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));

    public Task<TaskCreation> StartAsync(StartTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var create = new CreateTaskRequest(
            request.Tenant,
            request.Type,
            request.Input,
            request.Name,
            request.CreatedBy,
            request.RequestId,
            request.IdempotencyKey);
        return request.StepFunction
            ? _tasks.CreateStepFunctionTaskAsync(create, cancellationToken)
            : _tasks.CreateTaskAsync(create, cancellationToken);
    }
}
