using System.CommandLine;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;

namespace Local.Commands;

/// <summary>Options every engine command shares, and opening the engine database they read and write.</summary>
internal static class LocalOptions
{
    public const string DefaultDirectory = ".conveyor";

    private static readonly string[] SystemFolders = ["/proc", "/sys", "/dev"];

    public static Option<string> Dir()
    {
        var option = new Option<string>("--dir")
        {
            Description = "The engine folder (buckets and database)",
            DefaultValueFactory = _ => DefaultDirectory,
        };
        option.Validators.Add(result =>
        {
            if (DirectoryProblem(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>Why <paramref name="directory"/> cannot be an engine folder (empty, a file, a system folder), or null when it can.</summary>
    public static string? DirectoryProblem(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "--dir must name a folder (default: .conveyor).";
        }

        string full;
        try
        {
            full = Path.GetFullPath(directory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"--dir '{DisplayText.Escape(directory)}' is not a usable path ({ex.Message}).";
        }

        var shown = DisplayText.Escape(directory);
        if (File.Exists(full))
        {
            return $"--dir '{shown}' is a file; it must be a Conveyor folder (one is created where none exists).";
        }

        foreach (var system in SystemFolders)
        {
            if (string.Equals(full, system, StringComparison.Ordinal) || full.StartsWith(system + "/", StringComparison.Ordinal))
            {
                return $"--dir '{shown}' is inside {system}, a system folder; use a folder of your own.";
            }
        }

        return null;
    }

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
        Console.Error.WriteLine($"conveyor: {DisplayText.Escape(message, keepLines: true)}");
        return exitCode;
    }
}
