using System.Diagnostics;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>The real <c>conveyor</c> CLI (this test run's build), run from the repository root as a user runs it.</summary>
internal static class ConveyorCli
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        start.ArgumentList.Add(Repository.ConveyorDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test's own AWS settings must not leak in: the CLI supplies test credentials for --endpoint-url itself.
        start.Environment.Remove("AWS_ACCESS_KEY_ID");
        start.Environment.Remove("AWS_SECRET_ACCESS_KEY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
