using System.Text.Json.Nodes;
using Conveyor.Local.Commands;
using Conveyor.Local.Storage;

namespace Local.EndToEnd.Tests;

/// <summary>
/// The README's first command for real: <c>conveyor up</c> as a separate process in a temporary folder, files dropped into
/// its buckets, <c>conveyor tasks list --json</c> (another process) polled until every task is terminal, then Ctrl+C.
/// </summary>
public class UpEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Up_WhenFilesDropped_ShouldRunEveryTaskToItsExpectedStatusAndStopCleanlyOnSigint()
    {
        using var dir = new TempDirectory();
        await using var engine = ConveyorProcess.Up(dir.Path, "--port", "0");
        await engine.WaitReadyAsync(Patience);

        dir.Drop("profile-pictures", "123.jpg", "not really a jpeg");
        dir.Drop("csv-import", "good.csv", "name,email\nann,ann@example.com\nbob,BOB@example.com\ncy,cy@example.com\n");
        dir.Drop("csv-import", "bad.csv", "name,email\nann,ann@example.com\nzed,zed.example.com\n");

        var tasks = await PollUntilAsync(dir.Path, list => list.Count == 2 && list.All(t => (string?)t["status"] is "COMPLETED" or "FINISHED" or "FAILED"));
        var good = tasks.Single(t => ((string)t["name"]!).EndsWith("good.csv", StringComparison.Ordinal));
        var bad = tasks.Single(t => ((string)t["name"]!).EndsWith("bad.csv", StringComparison.Ordinal));
        Assert.Equal("COMPLETED", (string?)good["status"]);
        Assert.Equal("FINISHED", (string?)bad["status"]);
        foreach (var field in new[] { "id", "pk", "sk", "type", "tenant", "status", "version", "createdAt", "updatedAt", "attributes" })
        {
            Assert.True(good.ContainsKey(field), $"tasks list --json item has '{field}'");
        }

        Assert.Equal(3, (int?)good["attributes"]!["subTaskSucceedCount"]);
        var (code, shown, _) = await ConveyorProcess.RunAsync("tasks", "show", (string)good["id"]!, "--json", "--dir", dir.Path);
        Assert.Equal(0, code);
        var subTasks = JsonNode.Parse(shown)!["subTasks"]!.AsArray();
        Assert.Equal(3, subTasks.Count);
        Assert.All(subTasks, s => Assert.Equal("COMPLETED", (string?)s!["status"]));

        var commands = await CommandsAsync(dir.Path);
        var command = Assert.Single(commands);
        Assert.Equal("123", command.Message.Id);
        Assert.Equal("ChangeProfilePicture", command.Message.Command.GetProperty("type").GetString());
        var (commandsCode, commandsOut, commandsErr) = await ConveyorProcess.RunAsync("commands", "--json", "--aggregate", "customer", "--dir", dir.Path);
        Assert.True(commandsCode == 0, commandsErr);
        var listed = JsonNode.Parse(Assert.Single(commandsOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("customer", (string?)listed["aggregate"]);
        Assert.Equal("123", (string?)listed["message"]!["id"]);
        Assert.Equal("123.jpg", (string?)listed["message"]!["command"]!["picture"]);

        var exit = await engine.InterruptAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"exit {exit}\n{engine.Output}");
        Assert.Contains("Stopped.", engine.Output, StringComparison.Ordinal);
    }

    internal static async Task<List<JsonObject>> PollUntilAsync(string dir, Func<List<JsonObject>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var (code, stdout, stderr) = await ConveyorProcess.RunAsync("tasks", "list", "--json", "--dir", dir);
            Assert.True(code == 0, stderr);
            last = stdout;
            var tasks = JsonNode.Parse(stdout)!.AsArray().Select(n => n!.AsObject()).ToList();
            if (done(tasks)) { return tasks; }
            await Task.Delay(500);
        }

        throw new TimeoutException("Tasks did not reach the expected statuses; last listing:\n" + last);
    }

    private static async Task<IReadOnlyList<CommandLogEntry>> CommandsAsync(string dir)
    {
        var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir), CancellationToken.None);
        var log = new SqliteCommandPublisher(database, new CommandLogOptions(new HashSet<string>()), TimeProvider.System);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var entries = await log.ReadAsync("customer", 0, 100, CancellationToken.None);
            if (entries.Count > 0 || DateTime.UtcNow > deadline) { return entries; }
            await Task.Delay(200);
        }
    }
}
