using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.Commands;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Xunit.Abstractions;

namespace Local.EndToEnd.Tests;

/// <summary>
/// R3: 500 files (250 one-row CSV imports, 250 profile pictures) dropped into the buckets; <c>conveyor up</c> is
/// SIGKILLed 5 times at random moments while it works through them, then run to the end → all 250 imports terminal with
/// one terminal notification each, every subtask ended once, and exactly one command per picture: nothing lost, no
/// effect twice.
/// </summary>
public class RepeatedCrashSuiteTests(ITestOutputHelper output)
{
    private const int Csvs = 250;
    private const int Pictures = 250;
    private const int Kills = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R3_KilledFiveTimesDuring500Files_ShouldEndEveryFileExactlyOnce()
    {
        using var dir = new TempDirectory();
        var csvFolder = Directory.CreateDirectory(Path.Combine(dir.Path, "buckets", "csv-import")).FullName;
        var pictureFolder = Directory.CreateDirectory(Path.Combine(dir.Path, "buckets", "profile-pictures")).FullName;
        for (var i = 0; i < Csvs; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(csvFolder, $"people-{i}.csv"), $"name,email\nuser{i},user{i}@example.com\n");
        }

        for (var i = 0; i < Pictures; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(pictureFolder, $"{1000 + i}.jpg"), [0xFF, 0xD8, 0xFF, (byte)i]);
        }

        var random = new Random();
        var progress = new List<string>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            await using var engine = ConveyorProcess.Up(dir.Path, "--port", "0");
            await engine.WaitReadyAsync(Patience);
            var delay = TimeSpan.FromMilliseconds(random.Next(300, 2500));
            await Task.Delay(delay);
            await engine.KillAsync();
            progress.Add($"kill {kill} after {delay.TotalMilliseconds:0} ms: {await CountsAsync(dir.Path)}");
        }

        await using var last = ConveyorProcess.Up(dir.Path, "--port", "0");
        await last.WaitReadyAsync(Patience);
        var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None);
        var listing = new SqliteTaskListing(database);
        var commands = new SqliteCommandPublisher(database, new CommandLogOptions(new HashSet<string>(StringComparer.Ordinal)), TimeProvider.System);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var parents = await listing.CountByStatusAsync(TaskKind.StepFunction, CancellationToken.None);
            var published = await commands.ReadAsync(null, 0, 10_000, CancellationToken.None);
            if ((parents.Where(p => p.Key.IsTerminal()).Sum(p => p.Value) >= Csvs && published.Count >= Pictures) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        var tasks = await listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction, Limit: 5000), CancellationToken.None);
        var subTasks = await listing.ListAsync(new LocalTaskFilter(Kind: TaskKind.SubTask, Limit: 5000), CancellationToken.None);
        var log = await commands.ReadAsync(null, 0, 10_000, CancellationToken.None);
        var terminalNotifications = await TerminalNotificationsAsync(database);
        var duplicatedNotifications = terminalNotifications.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        output.WriteLine(string.Join('\n', progress));
        output.WriteLine($"R3 crash: {Csvs + Pictures} files, {Kills} SIGKILLs → {tasks.Count(t => t.Status.IsTerminal())}/{Csvs} imports terminal, " +
            $"{subTasks.Count(s => s.Status.IsTerminal())}/{Csvs} subtasks ended, {log.Count} commands for {Pictures} pictures, " +
            $"{duplicatedNotifications.Count} tasks notified terminal more than once");

        Assert.Equal(Csvs, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(TrackedTaskStatus.Completed, t.Status));
        Assert.Equal(Csvs, tasks.Select(t => t.Name).Distinct().Count());
        Assert.Equal(Csvs, subTasks.Count);
        Assert.All(subTasks, s => Assert.Equal(TrackedTaskStatus.Completed, s.Status));
        Assert.Equal(Pictures, log.Count);
        Assert.Empty(duplicatedNotifications);
        Assert.Equal(0, await last.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string> CountsAsync(string directory)
    {
        var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(directory), CancellationToken.None);
        var parents = await new SqliteTaskListing(database).CountByStatusAsync(TaskKind.StepFunction, CancellationToken.None);
        return string.Join(", ", parents.Select(p => $"{p.Key.ToWireName()} {p.Value}"));
    }

    /// <summary>How many terminal task-status / sub-task-status notifications each task got.</summary>
    private static async Task<Dictionary<string, int>> TerminalNotificationsAsync(LocalDatabase database)
    {
        var notifier = new SqliteNotifier(database, TimeProvider.System);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long after = 0;
        while (true)
        {
            var page = await notifier.QueryAsync(new NotificationQuery(after, Limit: 1000), CancellationToken.None);
            if (page.Count == 0) { return counts; }
            foreach (var n in page.Where(n => n.Action is NotificationActions.TaskStatus or NotificationActions.SubTaskStatus))
            {
                if (n.Content.TryGetProperty("status", out var status) && status.GetString() is "COMPLETED" or "FINISHED" or "FAILED")
                {
                    counts[n.Id] = counts.GetValueOrDefault(n.Id) + 1;
                }
            }

            after = page[^1].Sequence;
        }
    }
}
