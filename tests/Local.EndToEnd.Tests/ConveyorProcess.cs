using System.Collections.Concurrent;
using System.Diagnostics;

namespace Local.EndToEnd.Tests;

/// <summary>A <c>conveyor</c> process (the built conveyor.dll run with <c>dotnet</c>), with its output collected.</summary>
internal sealed class ConveyorProcess : IAsyncDisposable
{
    public const string ReadyLine = "Conveyor is ready.";
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "conveyor.dll");
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ConveyorProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue("ERR " + e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>The process id of the engine (what a workflow step sees as Environment.ProcessId).</summary>
    public int Id => _process.Id;

    /// <summary>Starts <c>conveyor up</c>. SIGINT is reset to its default action for the child (a test host started in the
    /// background of a non-interactive shell would otherwise pass on an ignored SIGINT).</summary>
    public static ConveyorProcess Up(string directory, params string[] extra)
    {
        var start = StartInfo(["up", "--dir", directory, .. extra]);
        return new ConveyorProcess(Process.Start(start)!);
    }

    /// <summary>Runs a short command to completion.</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunInAsync(null, args);

    /// <summary>Runs a short command to completion in <paramref name="workingDirectory"/> (relative paths resolve there).</summary>
    public static Task<(int Code, string Out, string Err)> RunInAsync(string? workingDirectory, params string[] args) =>
        RunInAsync(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Runs a short command to completion with <paramref name="environment"/> added to the inherited variables.</summary>
    public static async Task<(int Code, string Out, string Err)> RunInAsync(
        string? workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = StartInfo(args);
        if (workingDirectory is not null) { start.WorkingDirectory = workingDirectory; }
        foreach (var (name, value) in environment) { start.Environment[name] = value; }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_lines.Contains(ReadyLine))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"conveyor up did not become ready (exited: {_process.HasExited}):\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGINT (Ctrl+C) and waits for the exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var resetSigint = OperatingSystem.IsLinux() && File.Exists("/usr/bin/env");
        var start = new ProcessStartInfo(resetSigint ? "/usr/bin/env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (resetSigint)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args) { start.ArgumentList.Add(arg); }
        return start;
    }
}
