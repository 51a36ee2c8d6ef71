// Usage: dotnet run -c Release --project bench/Conveyor.Lambda.Bench -- <function executable or .dll> [runs=10]
//          [--event <event.json>] [--env-vars <env.json>]
// Starts the function N times against a fresh emulator, measures process start → first `next` (init) and the first
// invocation (event handed over → answer), the CPU time used by init (all threads) and the page faults init took (minor
// faults: mostly the executable's pages touched for the first time), then kills it. Prints each run, the medians and a last line
// `RESULT <name> init_ms=<median> first_invoke_ms=<median> init_cpu_ms=<median> init_faults=<median>` (bench/cold-start.sh
// reads it). CPU time and page faults are the figures other processes' load barely moves. --allow-error accepts a
// function error as the answer (events chosen to stay away from AWS). Without options it drives the sample
// function; --event and --env-vars (sam format, the "Parameters" section) drive a real function, e.g.
//   -- artifacts/aot/FileTrigger/bootstrap 15 --event events/s3-test-event.json --env-vars events/env.json
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Conveyor.Lambda.Emulator;

var positional = new List<string>();
string? eventFile = null;
string? envFile = null;
var allowError = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--event" when i + 1 < args.Length:
            eventFile = args[++i];
            break;
        case "--env-vars" when i + 1 < args.Length:
            envFile = args[++i];
            break;
        case "--allow-error":
            allowError = true;
            break;
        default:
            positional.Add(args[i]);
            break;
    }
}

if (positional.Count < 1)
{
    await Console.Error.WriteLineAsync("usage: Conveyor.Lambda.Bench <function executable or .dll> [runs] [--event <event.json>] [--env-vars <env.json>]");
    return 2;
}

var path = Path.GetFullPath(positional[0]);
var runs = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 10;
var timings = new List<double>();
var invokeTimings = new List<double>();
var cpuTimings = new List<double>();
var initFaults = new List<double>();
var environment = new Dictionary<string, string> { ["Greeting__Salutation"] = "Hello" };
var eventJson = eventFile is null ? """{"name":"bench"}""" : await File.ReadAllTextAsync(eventFile);
if (envFile is not null)
{
    using var env = JsonDocument.Parse(await File.ReadAllTextAsync(envFile));
    foreach (var variable in env.RootElement.GetProperty("Parameters").EnumerateObject())
    {
        environment[variable.Name] = variable.Value.ToString();
    }

    // Start-up never calls AWS; the SDK only needs some credentials to build its clients.
    environment.TryAdd("AWS_ACCESS_KEY_ID", "bench");
    environment.TryAdd("AWS_SECRET_ACCESS_KEY", "bench");
}

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
        // The process now waits for its first event: the CPU it used so far is its init's, a figure the machine's load
        // (other builds) inflates much less than the elapsed time.
        var initCpu = CpuMilliseconds(process.Id);
        var faults = MinorFaults(process.Id);
        var invokedAt = Stopwatch.GetTimestamp();
        var outcome = await emulator.InvokeAsync(
            new EmulatorInvocation { EventJson = eventJson }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var invoke = Stopwatch.GetElapsedTime(invokedAt).TotalMilliseconds;
        if (outcome.IsError && !allowError)
        {
            throw new InvalidOperationException($"function failed: {outcome.Body}");
        }

        timings.Add(elapsed);
        invokeTimings.Add(invoke);
        cpuTimings.Add(initCpu);
        initFaults.Add(faults);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: start → first next {elapsed:F1} ms (CPU {initCpu:F1} ms, {faults} page faults), first invoke {invoke:F1} ms"));
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}

timings.Sort();
var median = Median(timings);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Path.GetFileName(path)}: median {median:F1} ms, min {timings[0]:F1} ms, max {timings[^1]:F1} ms over {timings.Count} runs"));
invokeTimings.Sort();
cpuTimings.Sort();
initFaults.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {path} init_ms={median:F1} first_invoke_ms={Median(invokeTimings):F1} init_cpu_ms={Median(cpuTimings):F1} init_faults={Median(initFaults):F0}"));
return 0;

// On-CPU time of every thread of the process so far (/proc/<pid>/task/*/schedstat, nanoseconds; Linux), 0 elsewhere.
static double CpuMilliseconds(int pid)
{
    var tasks = $"/proc/{pid}/task";
    if (!Directory.Exists(tasks))
    {
        return 0;
    }

    long nanoseconds = 0;
    foreach (var task in Directory.EnumerateDirectories(tasks))
    {
        try
        {
            nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // The thread ended meanwhile.
        }
    }

    return nanoseconds / 1e6;
}

// Minor page faults of the whole process so far (/proc/<pid>/stat, field 10, all threads; Linux), 0 elsewhere.
static double MinorFaults(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        return 0;
    }
}

static double Median(List<double> sorted) => sorted.Count % 2 == 1
    ? sorted[sorted.Count / 2]
    : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
