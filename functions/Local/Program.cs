using System.CommandLine;
using Conveyor.Local.Cli.Commands;

// The root command is assembled from the command groups under Commands/; add a group there and list it here.
var root = new RootCommand("conveyor: run Conveyor locally (state machines, tasks, the embedded engine)");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
