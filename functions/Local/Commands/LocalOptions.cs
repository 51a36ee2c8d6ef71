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

    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"conveyor: {message}");
        return exitCode;
    }
}
