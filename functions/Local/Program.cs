using System.CommandLine;
using Local.Commands;

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
// A parse error (unknown option, missing or invalid value, a --dir that is a file or a system folder) has already been
// printed with usage; it is a usage error, exit 2 like every command's own input checks, not System.CommandLine's 1.
// An unexpected failure exits 1 with one line naming it — never a stack trace (CONVEYOR_DEBUG=1 shows one).
try
{
    var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60), EnableDefaultExceptionHandler = false });
    return parsed.Errors.Count > 0 ? ExitCodes.InvalidUsage : exitCode;
}
#pragma warning disable CA1031 // The process boundary: whatever escaped a command becomes one clear line and exit 1.
catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
{
    Console.Error.WriteLine($"conveyor: {ex.GetType().Name}: {Conveyor.Core.Validation.DisplayText.Escape(ex.Message)}");
    if (Environment.GetEnvironmentVariable("CONVEYOR_DEBUG") == "1")
    {
        Console.Error.WriteLine(ex);
    }

    return ExitCodes.Failed;
}
