using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Bench;
using Conveyor.Local.Commands;
using Conveyor.Local.Engine;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// End-to-end throughput of the embedded engine (watcher, SQLite, handlers, interpreter; no HTTP), in this process:
//   1. N echo tasks created through TaskService (what `conveyor tasks create` writes) until all COMPLETED, by one client
//      one after another (creators=C: C clients at once, as concurrent API callers);
//   2. N files dropped into profile-pictures until N ChangeProfilePicture commands are in the command log;
//   3. one R-row CSV dropped into csv-import until its step-function task reaches its final status.
// Usage: dotnet run -c Release --project bench/Conveyor.Local.Bench -- [tasks=1000] [creators=1] [files=1000] [rows=10000] [workers=N]
//          [only=tasks|files|csv] [profile=1] [growth=1000,10000,100000] [rounds=1]
//   profile=1  prints, per scenario, where the time went (process CPU, GC, SQLite writes/reads, each function's invocations).
//   growth=…   runs the CSV scenario once per row count, each in a fresh process, and prints time and peak memory.
//   rounds=R   runs the scenarios R times over in the same engine: round 1 pays the JIT's first compilations (a freshly
//              started engine), later rounds show a long-running one.
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
int Setting(string name, int fallback) => settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

if (settings.TryGetValue("growth", out var growth))
{
    return await Growth.RunAsync(growth, args.Where(a => !a.StartsWith("growth=", StringComparison.Ordinal)).ToList());
}

var taskCount = Setting("tasks", 1000);
var fileCount = Setting("files", 1000);
var rowCount = Setting("rows", 10_000);
var only = settings.GetValueOrDefault("only");
var rounds = Setting("rounds", 1);
bool Runs(string scenario) => only is null || string.Equals(only, scenario, StringComparison.Ordinal);
using var profile = Setting("profile", 0) == 1 ? new EngineProfile() : null;
var directory = Path.Combine(Path.GetTempPath(), "conveyor-bench-" + Guid.NewGuid().ToString("N"));
var options = new EngineOptions
{
    Directory = directory,
    Port = null,
    PollInterval = TimeSpan.FromMilliseconds(100),
    Application = (services, configuration) => services.AddConveyorApp(configuration).AddConveyorWorkflows(),
};
if (settings.ContainsKey("workers")) { options = options with { Workers = Setting("workers", options.Workers) }; }
Console.WriteLine($"Conveyor.Local.Bench: {Environment.ProcessorCount} processors, {options.Workers} workers, load {Load.Average()}, folder {directory}");

await using (var engine = await ConveyorEngine.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None))
{
    var tasks = engine.Services.GetRequiredService<TaskService>();
    var listing = engine.Services.GetRequiredService<SqliteTaskListing>();
    var commands = engine.Services.GetRequiredService<SqliteCommandPublisher>();
    var staging = Path.Combine(directory, "staging");
    Directory.CreateDirectory(staging);
    var parentsSeen = new HashSet<string>(StringComparer.Ordinal);
    for (var round = 1; round <= rounds; round++)
    {
        if (rounds > 1) { Console.WriteLine($"round {round} of {rounds}{(round == 1 ? " (first compilations)" : "")}, load {Load.Average()}"); }

        // 1. Single tasks.
        if (Runs("tasks"))
        {
            var input = JsonDocument.Parse("""{"n":1}""").RootElement.Clone();
            profile?.Start();
            var clock = Stopwatch.StartNew();
            var creators = Setting("creators", 1);
            await Task.WhenAll(Enumerable.Range(0, creators).Select(c => Task.Run(async () =>
            {
                for (var i = c; i < taskCount; i += creators)
                {
                    await tasks.CreateTaskAsync(new CreateTaskRequest("bench", "echo", input), CancellationToken.None);
                }
            })));

            var created = clock.Elapsed;
            await WaitAsync(async () => (await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None)).GetValueOrDefault(TrackedTaskStatus.Completed) == taskCount * round);
            Report($"{taskCount} echo tasks created → all COMPLETED", clock.Elapsed, taskCount, $"tasks/s (creating took {created.TotalSeconds:F2} s, {Setting("creators", 1)} client(s))");
            profile?.Print(clock.Elapsed);
        }

        // 2. Files → commands.
        if (Runs("files"))
        {
            var pictures = engine.Layout.BucketFolder("profile-pictures");
            for (var i = 0; i < fileCount; i++) { await File.WriteAllTextAsync(Path.Combine(staging, $"{round}-{i}.jpg"), "x"); }
            profile?.Start();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < fileCount; i++) { File.Move(Path.Combine(staging, $"{round}-{i}.jpg"), Path.Combine(pictures, $"{round}-{i}.jpg")); }
            await WaitAsync(async () => (await commands.ReadAsync("customer", (fileCount * round) - 1, 1, CancellationToken.None)).Count == 1);
            Report($"{fileCount} files dropped → {fileCount} commands", clock.Elapsed, fileCount, "files/s");
            profile?.Print(clock.Elapsed);
        }

        // 3. A large CSV import.
        if (Runs("csv"))
        {
            var csv = new StringBuilder("name,email\n");
            for (var i = 0; i < rowCount; i++) { csv.Append(CultureInfo.InvariantCulture, $"user{i},user{i}@example.com\n"); }
            var csvPath = Path.Combine(staging, "big.csv");
            await File.WriteAllTextAsync(csvPath, csv.ToString());
            csv.Clear();
            profile?.Start();
            var clock = Stopwatch.StartNew();
            File.Move(csvPath, Path.Combine(engine.Layout.BucketFolder("csv-import"), $"big-{round}.csv"));
            // Find the parent once, then poll its status column only: parsing its document (the whole row list) every 20 ms
            // would cost the engine more CPU than the rows themselves.
            TrackedTask? parent = null;
            await WaitAsync(async () =>
            {
                var found = await listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction, Limit: rounds), CancellationToken.None);
                parent = found.FirstOrDefault(p => !parentsSeen.Contains(p.Id));
                if (parent is null)
                {
                    // A file that could not become an import is recorded as a FAILED single task: stop rather than wait.
                    var rejected = await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None);
                    if (rejected.GetValueOrDefault(TrackedTaskStatus.Failed) > 0) { throw new InvalidOperationException("The CSV was rejected; see `conveyor tasks list --status FAILED`."); }
                }

                return parent is not null;
            });
            var database = engine.Services.GetRequiredService<LocalDatabase>();
            var status = string.Empty;
            await WaitAsync(async () =>
            {
                status = await database.ReadAsync(
                    async connection => (string)(await Sql.ScalarAsync(connection, null, "SELECT status FROM tasks WHERE pk = $pk AND sk = $sk;", CancellationToken.None, ("$pk", parent!.Key.Pk), ("$sk", parent.Key.Sk)))!,
                    CancellationToken.None);
                return TrackedTaskStatusNames.Parse(status).IsTerminal();
            });
            Report($"{rowCount}-row CSV dropped → {status}", clock.Elapsed, rowCount, "rows/s");
            profile?.Print(clock.Elapsed);
            parentsSeen.Add(parent!.Id);
        }
    }
}

Directory.Delete(directory, recursive: true);
using (var self = Process.GetCurrentProcess())
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory: {self.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB (peak working set); load {Load.Average()}"));
}

return 0;

static async Task WaitAsync(Func<Task<bool>> done)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
    while (!await done())
    {
        if (DateTime.UtcNow > deadline) { throw new TimeoutException("The benchmark did not finish in 15 minutes."); }
        await Task.Delay(20);
    }
}

static void Report(string what, TimeSpan elapsed, int items, string unit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {elapsed.TotalSeconds:F2} s, {items / elapsed.TotalSeconds:F0} {unit}"));
