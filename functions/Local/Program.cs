using System.CommandLine;
using Conveyor.Local.Cli.Commands;

// The root command is assembled from the command groups under Commands/; add a group there and list it here.
var root = new RootCommand("conveyor: run Conveyor locally (state machines, tasks, the embedded engine)");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

// No response files: an argument starting with '@' is the command's own (`--input @file.json` reads that file as JSON);
// System.CommandLine's default would splice the file's words into the command line instead.
var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

// Ctrl+C cancels the running command's token; `up` then drains in-flight work (up to its grace period) before exiting 0,
// so the parser must wait for it rather than end the process after its default 2 seconds.
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });

// A parse error (unknown option, missing or invalid value) has already been printed with usage; it is a usage error,
// exit 2 like every command's own input checks, not System.CommandLine's 1.
return parsed.Errors.Count > 0 ? ExitCodes.InvalidUsage : exitCode;
