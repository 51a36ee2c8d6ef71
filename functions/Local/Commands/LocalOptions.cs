using System.CommandLine;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Cli.Commands;

/// <summary>Options every engine command shares, and opening the engine database they read and write.</summary>
internal static class LocalOptions
{
    public const string DefaultDirectory = ".conveyor";

    public static Option<string> Dir() => new("--dir")
    {
        Description = "The engine folder (buckets and database)",
        DefaultValueFactory = _ => DefaultDirectory,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON (stable; see README, Local engine)" };

    /// <summary>Opens (creating if needed) the database under <paramref name="directory"/>; safe next to a running engine.</summary>
    public static Task<LocalDatabase> OpenDatabaseAsync(string directory, CancellationToken cancellationToken) =>
        LocalDatabase.OpenAsync(new LocalDatabaseOptions(directory), cancellationToken);

    /// <summary>
    /// Opens the database of an existing engine folder for a command that only reads. A folder without
    /// <c>conveyor.db</c> (a mistyped <c>--dir</c>) prints that there is no Conveyor folder there and returns null;
    /// nothing is created.
    /// </summary>
    public static async Task<LocalDatabase?> OpenExistingDatabaseAsync(string directory, CancellationToken cancellationToken)
    {
        var options = new LocalDatabaseOptions(directory);
        if (!File.Exists(options.DatabasePath))
        {
            Fail(ExitCodes.Failed, $"There is no Conveyor folder at {Path.GetFullPath(directory)} (no {LocalDatabaseOptions.FileName} there). "
                + $"Pass the folder 'conveyor up' uses with --dir (default {DefaultDirectory}), or start one there with 'conveyor up --dir {directory}'.");
            return null;
        }

        return await LocalDatabase.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"conveyor: {message}");
        return exitCode;
    }
}
