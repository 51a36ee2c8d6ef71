using System.CommandLine;
using Conveyor.Local.Cli.Commands.Commands;
using Conveyor.Local.Cli.Commands.Invoke;
using Conveyor.Local.Cli.Commands.Notifications;
using Conveyor.Local.Cli.Commands.Schedules;
using Conveyor.Local.Cli.Commands.Tasks;
using Conveyor.Local.Cli.Commands.Up;
using Conveyor.Local.Cli.Commands.States;

namespace Conveyor.Local.Cli.Commands;

/// <summary>Every top-level command group of the CLI. Each group lives in its own folder under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return UpCommand.Create();
        yield return TasksCommand.Create();
        yield return SchedulesCommand.Create();
        yield return NotificationsCommand.Create();
        yield return CommandsCommand.Create();
        yield return StatesCommand.Create();
        yield return InvokeCommand.Create();
    }
}
