using System.Diagnostics;

namespace Conveyor.Deployment.Tests;

/// <summary>Finds the repository and runs the outside linters the test bootstrap installs.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Runs a tool; fails with a clear message (never a skip) when it is not installed.</summary>
    public static async Task<(int Code, string Output)> RunToolAsync(string executable, string missingHint, params string[] args)
    {
        var (code, stdout, stderr) = await RunToolSeparatelyAsync(executable, missingHint, args);
        return (code, stdout + stderr);
    }

    /// <summary>Like <see cref="RunToolAsync"/>, with standard output and standard error apart.</summary>
    public static async Task<(int Code, string StandardOutput, string StandardError)> RunToolSeparatelyAsync(string executable, string missingHint, params string[] args)
    {
        if (!File.Exists(executable))
        {
            Assert.Fail($"{executable} was not found. {missingHint}");
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static string? FindOnPath(string name)
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Append(Path.Combine(home, ".local", "bin"))
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("functions.sln not found above " + AppContext.BaseDirectory);
    }
}
