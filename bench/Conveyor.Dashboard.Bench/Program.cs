using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;
using Conveyor.Local.Engine;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

// The dashboard's reads on a large database, over HTTP from the running engine (Kestrel, the same endpoints the page calls):
//   seeds T top-level single tasks over 5 tenants and 4 types in mixed statuses (5% FAILED with an error), plus I imports of
//   R rows each (the subtasks, 1% FAILED), and two notifications per row; then times every list/detail/overview request.
// Usage: dotnet run -c Release --project bench/Conveyor.Dashboard.Bench -- [tasks=100000] [imports=20] [rows=3000] [repeat=15]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
var taskCount = settings.GetValueOrDefault("tasks", 100_000);
var importCount = settings.GetValueOrDefault("imports", 20);
var rowCount = settings.GetValueOrDefault("rows", 3_000);
var repeat = settings.GetValueOrDefault("repeat", 15);
var directory = Path.Combine(Path.GetTempPath(), "conveyor-dashboard-bench-" + Guid.NewGuid().ToString("N"));
var ct = CancellationToken.None;
Console.WriteLine($"Conveyor.Dashboard.Bench: {Environment.ProcessorCount} processors; {taskCount:N0} tasks, {importCount} imports × {rowCount:N0} rows; folder {directory}");

var seed = Stopwatch.StartNew();
var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(directory), ct);
var store = new SqliteTaskStore(database, TimeProvider.System);
var start = DateTimeOffset.UtcNow.AddHours(-6);
string[] tenants = ["default", "acme", "globex", "initech", "umbrella"];
string[] types = ["echo", "resize", "report", "document"];
var batch = new List<TrackedTask>(1000);
string? aFailedId = null, aCompletedId = null;
for (var i = 0; i < taskCount; i++)
{
    var at = start.AddMilliseconds(i * 200.0);
    var status = (i % 20) switch { 0 => TrackedTaskStatus.Failed, 1 => TrackedTaskStatus.Processing, _ => TrackedTaskStatus.Completed };
    var task = new TrackedTask
    {
        Key = TaskKeys.NewTask(tenants[i % tenants.Length], types[i % types.Length], Ulid.NewUlid(at), stepFunction: false),
        Tenant = tenants[i % tenants.Length],
        Type = types[i % types.Length],
        Name = $"{types[i % types.Length]} uploads/file-{i:D6}.jpg",
        Status = status,
        Input = Json($$"""{"file":"uploads/file-{{i:D6}}.jpg","size":{{i * 37 % 100_000}},"owner":"user-{{i % 977}}"}"""),
        Result = status == TrackedTaskStatus.Completed ? Json($$"""{"width":640,"height":480,"bytes":{{i * 13 % 90_000}}}""") : null,
        Error = status == TrackedTaskStatus.Failed ? new TaskError("ImageDecodeException", $"uploads/file-{i:D6}.jpg is not a JPEG (bad marker at byte {i % 512})") : null,
        Version = status == TrackedTaskStatus.Processing ? 3 : 4,
        CreatedAt = at,
        UpdatedAt = at.AddSeconds(1),
    };
    aFailedId ??= status == TrackedTaskStatus.Failed && i > taskCount / 2 ? task.Id : null;
    aCompletedId ??= status == TrackedTaskStatus.Completed && i > taskCount / 3 ? task.Id : null;
    batch.Add(task);
    if (batch.Count == 1000) { await store.CreateSubTasksAsync(batch, ct); batch.Clear(); }
}

await store.CreateSubTasksAsync(batch, ct);
var importIds = new List<string>();
for (var n = 0; n < importCount; n++)
{
    var at = start.AddMinutes(n * 15);
    var key = TaskKeys.NewTask("default", "csv-import", Ulid.NewUlid(at), stepFunction: true);
    var rows = Enumerable.Range(0, rowCount).Select(r => new TrackedTask
    {
        Key = TaskKeys.SubTask(key, r),
        Tenant = "default",
        Type = "csv-import",
        Name = $"import customers-{n}.csv",
        Status = r % 100 == 99 ? TrackedTaskStatus.Failed : TrackedTaskStatus.Completed,
        Input = Json($$"""{"id":"{{r}}","name":"Customer {{r}}","email":"user{{r}}@example.com"}"""),
        Result = r % 100 == 99 ? null : Json($$"""{"row":{{r}},"email":"user{{r}}@example.com"}"""),
        Error = r % 100 == 99 ? new TaskError("PermanentTaskFailureException", $"row {r}: 'user{r}.example.com' is not an email address (no '@')") : null,
        Version = 3,
        CreatedAt = at,
        UpdatedAt = at.AddSeconds(10),
        ParentKey = key,
    }).ToList();
    var parent = new TrackedTask
    {
        Key = key,
        Tenant = "default",
        Type = "csv-import",
        Name = $"import customers-{n}.csv",
        Status = TrackedTaskStatus.Finished,
        Input = Json("[" + string.Join(',', rows.Select(r => r.Input.GetRawText())) + "]"),
        Attributes = ProgressSummary.Of(rows),
        Version = 4,
        CreatedAt = at,
        UpdatedAt = at.AddSeconds(11),
    };
    await store.CreateSubTasksAsync([parent], ct);
    for (var b = 0; b < rows.Count; b += 1000) { await store.CreateSubTasksAsync(rows.Skip(b).Take(1000).ToList(), ct); }
    importIds.Add(parent.Id);
}

string[] notifiedStatuses = ["'PROCESSING'", "status"];

// Two notifications per row, as the engine records them (PROCESSING, then the end status), and an empty change feed
// (the rows were never dispatched; the engine must not replay 100,000 inserts while it is measured).
await database.WriteAsync(
    async (connection, transaction) =>
    {
        foreach (var status in notifiedStatuses)
        {
            await Sql.ExecuteAsync(
                connection, transaction,
                $"""
                INSERT INTO notifications (action, task_id, pk, sk, tenant_code, content, published_at)
                SELECT CASE kind WHEN 'SubTask' THEN 'sub-task-status' ELSE 'task-status' END, pk || '#' || sk, pk, sk, tenant,
                       json_object('status', {status}, 'attributes', NULL), updated_at + 50 * ({status} <> 'PROCESSING')
                FROM tasks ORDER BY updated_at;
                """,
                ct).ConfigureAwait(false);
        }

        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM change_feed;", ct).ConfigureAwait(false);
        return 0;
    },
    ct);
var counts = await database.ReadAsync(
    async connection => ((long)(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM tasks;", ct))!, (long)(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM notifications;", ct))!),
    ct);
Console.WriteLine($"seeded {counts.Item1:N0} task rows and {counts.Item2:N0} notifications in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(database.Options.DatabasePath).Length / 1_048_576.0:F0} MB)");

var options = new EngineOptions
{
    Directory = directory,
    Port = 0,
    WatchBuckets = false,
    Application = (services, configuration) => services.AddConveyorApp(configuration).AddConveyorWorkflows(),
};
await using (var engine = await ConveyorEngine.StartAsync(options, NullLoggerFactory.Instance, ct))
{
    using var http = new HttpClient { BaseAddress = engine.BaseAddress };
    var firstPage = await http.GetFromJsonAsync<JsonElement>("local/tasks", ct);
    var page2 = firstPage.GetProperty("next").GetString()!;
    var import = Uri.EscapeDataString(importIds[importIds.Count / 2]);
    var requests = new (string What, string Path)[]
    {
        ("list, first page (50, newest first)", "local/tasks"),
        ("list, second page (continuation token)", "local/tasks?next=" + Uri.EscapeDataString(page2)),
        ("list, status=FAILED", "local/tasks?status=FAILED"),
        ("list, tenant=globex&type=resize", "local/tasks?tenant=globex&type=resize"),
        ("list, kind=sfn (imports)", "local/tasks?kind=sfn"),
        ("list, created in one hour", "local/tasks?from=" + Uri.EscapeDataString(start.AddHours(2).ToString("O", CultureInfo.InvariantCulture)) + "&to=" + Uri.EscapeDataString(start.AddHours(3).ToString("O", CultureInfo.InvariantCulture))),
        ("search by name (substring)", "local/tasks?q=file-0777"),
        ("search by name, no match", "local/tasks?q=no-such-name"),
        ("search by whole id", "local/tasks?q=" + Uri.EscapeDataString(aFailedId!)),
        ("detail, failed single task", "local/tasks/" + Uri.EscapeDataString(aFailedId!)),
        ("detail, completed single task", "local/tasks/" + Uri.EscapeDataString(aCompletedId!)),
        ($"detail, import of {rowCount:N0} rows", "local/tasks/" + import),
        ("subtasks, first page", "local/tasks/" + import + "/subtasks?limit=25"),
        ("subtasks, failed first", "local/tasks/" + import + "/subtasks?limit=25&order=failed-first"),
        ("subtasks, status=FAILED", "local/tasks/" + import + "/subtasks?limit=25&status=FAILED"),
        ("overview (counts, throughput, notifications)", "local/overview"),
    };
    Console.WriteLine($"{"request",-48} {"median ms",10} {"max ms",8} {"bytes",9}");
    foreach (var (what, path) in requests)
    {
        using (var warm = await http.GetAsync(path, ct)) { warm.EnsureSuccessStatusCode(); }
        var times = new List<double>();
        long bytes = 0;
        for (var r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(path, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            times.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            bytes = body.Length;
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-48} {times[times.Count / 2],10:F1} {times[^1],8:F1} {bytes,9:N0}"));
    }
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(directory, recursive: true);

static JsonElement Json(string text)
{
    using var document = JsonDocument.Parse(text);
    return document.RootElement.Clone();
}
