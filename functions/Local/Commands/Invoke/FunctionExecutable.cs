using System.Diagnostics;

namespace Local.Commands.Invoke;

/// <summary>
/// Finds the function's executable, building it first when the build output is missing or older than the sources.
/// Preference: the Native AOT <c>artifacts/aot/&lt;Name&gt;/bootstrap</c> (scripts/publish-aot.sh) when it is newer than
/// every source, used as-is; otherwise <c>functions/&lt;Name&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Name&gt;.dll</c>, run with
/// <c>dotnet</c> after <c>dotnet build</c> when stale.
/// </summary>
internal sealed class FunctionExecutable(DirectoryInfo root, FunctionDefinition function, string configuration)
{
    private static readonly string[] SourcePatterns = ["*.cs", "*.csproj", "*.props", "*.json"];

    public string ProjectDirectory => Path.Combine(root.FullName, "functions", function.Name);

    public string DllPath => Path.Combine(ProjectDirectory, "bin", configuration, "net10.0", function.Name + ".dll");

    public string BootstrapPath => Path.Combine(root.FullName, "artifacts", "aot", function.Name, "bootstrap");

    /// <summary>The path to run, after building when needed; null when a build was needed and failed (its output went to <paramref name="log"/>).</summary>
    public async Task<string?> EnsureAsync(bool noBuild, TextWriter log, CancellationToken cancellationToken)
    {
        var newestSource = NewestSourceWriteTime();
        if (File.Exists(BootstrapPath) && File.GetLastWriteTimeUtc(BootstrapPath) >= newestSource)
        {
            return BootstrapPath;
        }

        if (noBuild || (File.Exists(DllPath) && File.GetLastWriteTimeUtc(DllPath) >= newestSource))
        {
            return File.Exists(DllPath) ? DllPath : null;
        }

        await log.WriteLineAsync($"Building {function.Name} ({configuration})…");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root.FullName,
        };
        foreach (var argument in new[] { "build", Path.Combine(ProjectDirectory, function.Name + ".csproj"), "-c", configuration, "-nologo", "-v", "quiet", "-clp:NoSummary" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            await log.WriteAsync(await output);
            await log.WriteAsync(await errors);
            return null;
        }

        return DllPath;
    }

    // Everything a function is built from: its folder, the shared libraries and the repository-wide build files.
    private DateTime NewestSourceWriteTime()
    {
        var newest = DateTime.MinValue;
        foreach (var directory in new[] { ProjectDirectory, Path.Combine(root.FullName, "shared") })
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var pattern in SourcePatterns)
            {
                foreach (var file in Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories))
                {
                    if (IsBuildOutput(file))
                    {
                        continue;
                    }

                    var written = File.GetLastWriteTimeUtc(file);
                    newest = written > newest ? written : newest;
                }
            }
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", Path.Combine("functions", "Function.props") })
        {
            var path = Path.Combine(root.FullName, file);
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) > newest)
            {
                newest = File.GetLastWriteTimeUtc(path);
            }
        }

        return newest;
    }

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}bin{separator}", StringComparison.Ordinal) || path.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }
}
