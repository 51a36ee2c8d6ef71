// Usage: dotnet run -c Release --project bench/Conveyor.Lambda.Bench -- <function executable or .dll> [runs=10]
// Starts the function N times against a fresh emulator, measures process start → first `next`, answers one event to
// prove the process works, then kills it. Prints each run and the median.
using System.Diagnostics;
using System.Globalization;
using Conveyor.Lambda.Emulator;

if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("usage: Conveyor.Lambda.Bench <function executable or .dll> [runs]");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var timings = new List<double>();
var environment = new Dictionary<string, string> { ["Greeting__Salutation"] = "Hello" };

for (var run = 1; run <= runs; run++)
{
    await using var emulator = RuntimeApiEmulator.Start();
    var info = FunctionProcess.CreateStartInfo(path, emulator.RuntimeApi, "BenchFunction", 128, environment);
    info.RedirectStandardOutput = false;
    info.RedirectStandardError = false;
    info.Environment["AWS_LAMBDA_LOG_LEVEL"] = "WARN";
    var startedAt = Stopwatch.GetTimestamp();
    using var process = Process.Start(info) ?? throw new InvalidOperationException("process did not start");
    try
    {
        var firstNext = await emulator.FirstNextTimestamp.WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = Stopwatch.GetElapsedTime(startedAt, firstNext).TotalMilliseconds;
        var outcome = await emulator.InvokeAsync(
            new EmulatorInvocation { EventJson = """{"name":"bench"}""" }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        if (outcome.IsError)
        {
            throw new InvalidOperationException($"function failed: {outcome.Body}");
        }

        timings.Add(elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: start → first next {elapsed:F1} ms"));
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}

timings.Sort();
var median = timings.Count % 2 == 1
    ? timings[timings.Count / 2]
    : (timings[(timings.Count / 2) - 1] + timings[timings.Count / 2]) / 2;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Path.GetFileName(path)}: median {median:F1} ms, min {timings[0]:F1} ms, max {timings[^1]:F1} ms over {timings.Count} runs"));
return 0;
