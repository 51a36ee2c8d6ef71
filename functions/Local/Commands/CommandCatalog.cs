using System.CommandLine;
using Local.Commands.CommandLog;
using Local.Commands.DeadLetters;
using Local.Commands.Invoke;
using Local.Commands.Notifications;
using Local.Commands.Schedules;
using Local.Commands.Tasks;
using Local.Commands.Up;
using Local.Commands.States;
using Local.Commands.Workflows;

namespace Local.Commands;

/// <summary>Every top-level command group of the CLI. Each group lives in its own folder under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return UpCommand.Create();
        yield return TasksCommand.Create();
        yield return WorkflowsCommand.Create();
        yield return SchedulesCommand.Create();
        yield return DeadLettersCommand.Create();
        yield return NotificationsCommand.Create();
        yield return CommandLogCommand.Create();
        yield return StatesCommand.Create();
        yield return InvokeCommand.Create();
    }
}
