using System.CommandLine;
using Conveyor.Local.Cli.Commands.Invoke;
using Conveyor.Local.Cli.Commands.States;

namespace Conveyor.Local.Cli.Commands;

/// <summary>Every top-level command group of the CLI. Each group lives in its own folder under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return StatesCommand.Create();
        yield return InvokeCommand.Create();
    }
}
