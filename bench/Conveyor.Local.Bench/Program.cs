using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Commands;
using Conveyor.Local.Engine;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// End-to-end throughput of the embedded engine (watcher, SQLite, handlers, interpreter; no HTTP), in this process:
//   1. N echo tasks created through TaskService (what `conveyor tasks create` writes) until all COMPLETED;
//   2. N files dropped into profile-pictures until N ChangeProfilePicture commands are in the command log;
//   3. one R-row CSV dropped into csv-import until its step-function task reaches its final status.
// Usage: dotnet run -c Release --project bench/Conveyor.Local.Bench -- [tasks=1000] [files=1000] [rows=4000] [workers=N]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
var taskCount = settings.GetValueOrDefault("tasks", 1000);
var fileCount = settings.GetValueOrDefault("files", 1000);
var rowCount = settings.GetValueOrDefault("rows", 4_000);
var directory = Path.Combine(Path.GetTempPath(), "conveyor-bench-" + Guid.NewGuid().ToString("N"));
var options = new EngineOptions
{
    Directory = directory,
    Port = null,
    PollInterval = TimeSpan.FromMilliseconds(100),
    Application = (services, configuration) => services.AddConveyorApp(configuration),
};
if (settings.TryGetValue("workers", out var workers)) { options = options with { Workers = workers }; }
Console.WriteLine($"Conveyor.Local.Bench: {Environment.ProcessorCount} processors, {options.Workers} workers, folder {directory}");

await using (var engine = await ConveyorEngine.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None))
{
    var tasks = engine.Services.GetRequiredService<TaskService>();
    var listing = engine.Services.GetRequiredService<SqliteTaskListing>();
    var commands = engine.Services.GetRequiredService<SqliteCommandPublisher>();

    // 1. Single tasks.
    var input = JsonDocument.Parse("""{"n":1}""").RootElement.Clone();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < taskCount; i++)
    {
        await tasks.CreateTaskAsync(new CreateTaskRequest("bench", "echo", input), CancellationToken.None);
    }

    var created = clock.Elapsed;
    await WaitAsync(async () => (await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None)).GetValueOrDefault(TrackedTaskStatus.Completed) == taskCount);
    Report($"{taskCount} echo tasks created → all COMPLETED", clock.Elapsed, taskCount, $"(creating took {created.TotalSeconds:F2} s)");

    // 2. Files → commands.
    var pictures = engine.Layout.BucketFolder("profile-pictures");
    var staging = Path.Combine(directory, "staging");
    Directory.CreateDirectory(staging);
    for (var i = 0; i < fileCount; i++) { await File.WriteAllTextAsync(Path.Combine(staging, $"{i}.jpg"), "x"); }
    clock.Restart();
    for (var i = 0; i < fileCount; i++) { File.Move(Path.Combine(staging, $"{i}.jpg"), Path.Combine(pictures, $"{i}.jpg")); }
    await WaitAsync(async () => (await commands.ReadAsync("customer", fileCount - 1, 1, CancellationToken.None)).Count == 1);
    Report($"{fileCount} files dropped → {fileCount} commands", clock.Elapsed, fileCount, "(includes the watcher's 0.5 s settle check)");

    // 3. A large CSV import.
    var csv = new StringBuilder("name,email\n");
    for (var i = 0; i < rowCount; i++) { csv.Append(CultureInfo.InvariantCulture, $"user{i},user{i}@example.com\n"); }
    var csvPath = Path.Combine(staging, "big.csv");
    await File.WriteAllTextAsync(csvPath, csv.ToString());
    clock.Restart();
    File.Move(csvPath, Path.Combine(engine.Layout.BucketFolder("csv-import"), "big.csv"));
    TrackedTask? parent = null;
    await WaitAsync(async () =>
    {
        var found = await listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction, Limit: 1), CancellationToken.None);
        parent = found.Count == 0 ? null : found[0];
        return parent?.Status.IsTerminal() == true;
    });
    Report($"{rowCount}-row CSV dropped → {parent!.Status.ToWireName()}", clock.Elapsed, rowCount, "rows/s");
}

Directory.Delete(directory, recursive: true);

static async Task WaitAsync(Func<Task<bool>> done)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
    while (!await done())
    {
        if (DateTime.UtcNow > deadline) { throw new TimeoutException("The benchmark did not finish in 15 minutes."); }
        await Task.Delay(20);
    }
}

static void Report(string what, TimeSpan elapsed, int items, string note) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {elapsed.TotalSeconds:F2} s, {items / elapsed.TotalSeconds:F0}/s {note}"));
