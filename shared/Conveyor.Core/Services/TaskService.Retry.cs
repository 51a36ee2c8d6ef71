using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Services;

/// <summary>Retrying a FAILED single task: a new task with the same tenant, type, name and input, through the normal path.</summary>
public sealed partial class TaskService
{
    /// <summary>The idempotency key of the retry of <paramref name="failed"/>: one retry per failed task, however often it is asked.</summary>
    public static string RetryIdempotencyKey(TaskKey failed) => "retry:" + failed.Sk;

    /// <summary>
    /// Starts a new attempt of a FAILED single task: a new CREATED task (same tenant, type, name and input) that the
    /// change feed dispatches like any other. FAILED is terminal, so the failed task stays as it is, with its error.
    /// Idempotent: asking again returns the task the first retry created (<see cref="TaskCreation.Created"/> false).
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskNotRetryableException">
    /// Not a single task (a step-function task's subtasks run inside its workflow), not FAILED, or failed before it ever
    /// ran (a rejected file: its input is what is wrong, so it is fixed and submitted again instead).
    /// </exception>
    public async Task<TaskCreation> RetryAsync(TaskKey key, string? requestedBy, string? requestId, CancellationToken cancellationToken)
    {
        if (TaskKeys.KindOf(key) != TaskKind.Task)
        {
            throw new TaskNotRetryableException($"{key.Id} is not a single task; only single tasks (TASK#…) are retried. A step-function task's failed rows are retried by importing them again.");
        }

        var failed = await GetRequiredAsync(key, cancellationToken);
        if (failed.Status != TrackedTaskStatus.Failed)
        {
            throw new TaskNotRetryableException($"Task {key.Id} is {failed.Status.ToWireName()}; only FAILED tasks are retried.");
        }

        if (failed.Version == 1)
        {
            throw new TaskNotRetryableException(
                $"Task {key.Id} failed before it ever ran ({failed.Error?.Type}: {failed.Error?.Message}); its input is what is wrong — fix it and submit it again.");
        }

        return await CreateAsync(
            new CreateTaskRequest(failed.Tenant, failed.Type, failed.Input, failed.Name, requestedBy, requestId, RetryIdempotencyKey(key)),
            stepFunction: false,
            cancellationToken);
    }
}
