using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Conveyor.Lambda.Emulator;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One function's real executable (its framework-dependent build, or the Native AOT bootstrap when
/// <c>CONVEYOR_E2E_AOT=1</c>) running against its own in-process Runtime API, kept
/// warm across tests like a Lambda sandbox. Every line the process writes (JSON logs on stdout, anything on stderr) is kept.
/// </summary>
public sealed class RunningFunction : IAsyncDisposable
{
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly RuntimeApiEmulator _emulator;
    private readonly ConcurrentQueue<string> _lines = new();

    private RunningFunction(string name, Process process, RuntimeApiEmulator emulator)
    {
        Name = name;
        _process = process;
        _emulator = emulator;
    }

    public string Name { get; }

    public IReadOnlyCollection<string> Lines => _lines;

    public static RunningFunction Start(string name, string deployedName, IReadOnlyDictionary<string, string> environment)
    {
        var executable = Repository.FunctionExecutable(name);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: the test project's references build the .dll; scripts/publish-aot.sh makes the AOT bootstrap.");
        }

        return Start(name, executable, deployedName, environment);
    }

    /// <summary>Starts <paramref name="executable"/> (e.g. a <c>bootstrap</c> that sam build produced) as function <paramref name="name"/>.</summary>
    public static RunningFunction Start(string name, string executable, string deployedName, IReadOnlyDictionary<string, string> environment)
    {
        var emulator = RuntimeApiEmulator.Start();
        var info = FunctionProcess.CreateStartInfo(executable, emulator.RuntimeApi, deployedName, 512, environment);
        var process = new Process { StartInfo = info };
        var function = new RunningFunction(name, process, emulator);
        process.OutputDataReceived += (_, e) => function.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => function.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    /// <summary>Feeds events/<paramref name="eventFile"/> to the function and returns what it answered.</summary>
    public Task<FunctionResult> InvokeFileAsync(string eventFile) => InvokeAsync(File.ReadAllText(Repository.Event(eventFile)));

    public async Task<FunctionResult> InvokeAsync(string eventJson)
    {
        var invocation = new EmulatorInvocation { EventJson = eventJson, Timeout = TimeSpan.FromSeconds(30) };
        var answered = _emulator.Enqueue(invocation);
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(answered, exited, Task.Delay(InvokeTimeout));
        if (first != answered)
        {
            var why = first == exited ? $"exited with code {_process.ExitCode}" : $"did not answer within {InvokeTimeout.TotalSeconds} s";
            throw new InvalidOperationException($"{Name} {why}. Its output:\n{string.Join('\n', _lines)}");
        }

        return new FunctionResult(this, await answered);
    }

    /// <summary>Log lines of one invocation (they carry its request id); waits until one matches <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForLogsAsync(string requestId, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var logs = LogsOf(requestId);
            if (logs.Any(match) || DateTime.UtcNow > deadline)
            {
                return logs;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Not started.
        }

        _process.Dispose();
        await _emulator.DisposeAsync();
    }

    private List<JsonElement> LogsOf(string requestId)
    {
        var logs = new List<JsonElement>();
        foreach (var line in _lines)
        {
            if (!line.StartsWith('{') || !line.Contains(requestId, StringComparison.Ordinal))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            logs.Add(document.RootElement.Clone());
        }

        return logs;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
