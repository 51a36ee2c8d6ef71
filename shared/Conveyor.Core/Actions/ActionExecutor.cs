using Conveyor.Core.Ports;

namespace Conveyor.Core.Actions;

/// <summary>
/// Runs file-task actions in the order given, against the command publisher, the schedule service, the task starter and
/// the durable workflow starter, and reports one <see cref="ActionOutcome"/> per action.
/// </summary>
/// <remarks>
/// A failing action is reported and the rest still run: the actions of one event are independent effects (a command,
/// a schedule, a task), and each is idempotent (schedules replace by name, deletes of absent schedules succeed, tasks
/// carry idempotency keys, commands carry message ids). So the caller can fail the event when any outcome failed and
/// let the redelivery repeat all of them, instead of leaving later effects undone behind an unrelated failure.
/// Cancellation is not a failure of an action: it stops the run and propagates.
/// </remarks>
public sealed class ActionExecutor(ICommandPublisher commands, IScheduleService schedules, ITaskStarter tasks, IDurableWorkflowStarter? workflows = null)
{
    private readonly ICommandPublisher _commands = commands ?? throw new ArgumentNullException(nameof(commands));
    private readonly IScheduleService _schedules = schedules ?? throw new ArgumentNullException(nameof(schedules));
    private readonly ITaskStarter _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));

    /// <returns>One outcome per action, in the same order.</returns>
    public async Task<IReadOnlyList<ActionOutcome>> ExecuteAsync(IReadOnlyList<FileTaskAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var outcomes = new List<ActionOutcome>(actions.Count);
        foreach (var action in actions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await ExecuteOneAsync(action, cancellationToken);
                outcomes.Add(ActionOutcome.Success(action));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any failure of one action is reported in its outcome; the others must still run (see remarks).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcomes.Add(ActionOutcome.Failure(action, ex));
            }
        }

        return outcomes;
    }

    private Task ExecuteOneAsync(FileTaskAction action, CancellationToken cancellationToken) => action switch
    {
        PublishCommands publish => _commands.PublishAsync(publish.Aggregate, publish.Commands, cancellationToken),
        CreateSchedule create => _schedules.CreateAsync(create.Schedule, cancellationToken),
        DeleteSchedule delete => _schedules.DeleteAsync(delete.Name, cancellationToken),
        StartTask start => _tasks.StartAsync(start.Request, cancellationToken),
        StartWorkflow workflow => (workflows ?? throw new NotSupportedException($"{workflow.Describe()}: this host has no durable workflow starter.")).StartAsync(workflow.Request, cancellationToken),
        null => throw new ArgumentException("An action list must not contain null.", nameof(action)),
        _ => throw new NotSupportedException($"No executor for action {action.GetType().Name}."),
    };
}
