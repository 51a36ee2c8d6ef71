using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Deploy;

/// <summary>
/// Runs, for one function of template.yaml, exactly what <c>sam build</c> runs for <c>Metadata: BuildMethod: makefile</c>
/// (aws/aws-sam-cli, aws/aws-lambda-builders):
/// <list type="bullet">
/// <item>samcli/lib/build/app_builder.py (_build_function): with <c>ProjectRootDirectory</c> the source directory is that
/// folder (the repository) and with <c>ContextPath</c> the manifest is <c>&lt;ContextPath&gt;/Makefile</c>; makefile
/// builds are never merged (build_graph.py FunctionBuildDefinition.__eq__), so every function gets its own run.</item>
/// <item>aws_lambda_builders/workflows/custom_make/workflow.py: the working directory is the build directory, which
/// is the source directory when building in source (samconfig.toml sets <c>build_in_source = true</c>;
/// workflow.py <c>_select_build_dir</c>), otherwise a scratch copy of it.</item>
/// <item>aws_lambda_builders/workflows/custom_make/actions.py (CustomMakeAction.execute): the command is
/// <c>make --makefile &lt;manifest&gt; build-&lt;LogicalId&gt;</c>, the environment is the caller's plus
/// <c>ARTIFACTS_DIR</c> (the absolute <c>.aws-sam/build/&lt;LogicalId&gt;</c>), created beforehand.</item>
/// </list>
/// </summary>
public static partial class SamBuild
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The functions of template.yaml: logical id → the folder under functions/ (the executable's name).</summary>
    public static IReadOnlyDictionary<string, string> Functions { get; } = ReadFunctions();

    /// <summary>
    /// Builds <paramref name="logicalId"/> into <paramref name="artifactsDir"/>; <paramref name="publish"/> is the
    /// Makefile's <c>CONVEYOR_PUBLISH</c> (<c>aot</c>, the default, or <c>jit</c>), set in the environment as a user
    /// would (<c>CONVEYOR_PUBLISH=jit sam build</c>). Returns the elapsed time; fails with make's output.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(string logicalId, string artifactsDir, string publish)
    {
        Directory.CreateDirectory(artifactsDir);
        var start = new ProcessStartInfo("make")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--makefile");
        start.ArgumentList.Add(Path.Combine(Repository.Root, "Makefile"));
        start.ArgumentList.Add("build-" + logicalId);
        start.Environment["ARTIFACTS_DIR"] = artifactsDir;
        start.Environment["CONVEYOR_PUBLISH"] = publish;

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("make is not installed; sam build's makefile route needs it (apt-get install make).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"make build-{logicalId} ran longer than {BuildTimeout}:\n{output}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make build-{logicalId} (CONVEYOR_PUBLISH={publish}) failed with {process.ExitCode}:\n{output}");
        }

        return watch.Elapsed;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static Dictionary<string, string> ReadFunctions()
    {
        var template = File.ReadAllText(Path.Combine(Repository.Root, "template.yaml"));
        return FunctionResource().Matches(template).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    // A function resource and its code folder (the first CodeUri after its Type line).
    [GeneratedRegex(@"(?m)^  (\w+):\n    Type: AWS::Serverless::Function\n(?:(?!^  \w).*\n)*?      CodeUri: functions/(\w+)/")]
    private static partial Regex FunctionResource();
}
