using System.CommandLine;
using Conveyor.Local.Cli.Commands;

// The root command is assembled from the command groups under Commands/; add a group there and list it here.
var root = new RootCommand("conveyor: run Conveyor locally (state machines, tasks, the embedded engine)");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

// Ctrl+C cancels the running command's token; `up` then drains in-flight work (up to its grace period) before exiting 0,
// so the parser must wait for it rather than end the process after its default 2 seconds.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
