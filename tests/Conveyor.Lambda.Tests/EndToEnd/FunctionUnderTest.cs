using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Conveyor.Lambda.Emulator;

namespace Conveyor.Lambda.Tests.EndToEnd;

/// <summary>Runs the sample function's real executable (framework-dependent build) against an emulator.</summary>
public sealed class FunctionUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private FunctionUnderTest(Process process, RuntimeApiEmulator emulator)
    {
        _process = process;
        Emulator = emulator;
    }

    public RuntimeApiEmulator Emulator { get; }

    public ConcurrentQueue<string> StandardOutput { get; } = new();

    public Process Process => _process;

    /// <summary>
    /// The framework-dependent build by default; set <c>CONVEYOR_SAMPLE_FUNCTION</c> to a published (e.g. Native AOT)
    /// executable to run the same tests against it.
    /// </summary>
    public static string SampleFunctionDll => Environment.GetEnvironmentVariable("CONVEYOR_SAMPLE_FUNCTION") ?? typeof(FunctionUnderTest).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleFunctionDll").Value!;

    public static FunctionUnderTest Start(IReadOnlyDictionary<string, string> environment)
    {
        var emulator = RuntimeApiEmulator.Start();
        var info = FunctionProcess.CreateStartInfo(SampleFunctionDll, emulator.RuntimeApi, "SampleFunction", 128, environment);
        var process = new Process { StartInfo = info };
        var function = new FunctionUnderTest(process, emulator);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { function.StandardOutput.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { function.StandardOutput.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await Emulator.DisposeAsync();
    }
}
