using Xunit.Abstractions;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;

namespace Local.EndToEnd.Tests;

/// <summary>
/// SIGKILL while hundreds of tasks are in flight, then a restart: every task reaches a terminal state exactly once — none
/// lost, no subtask completed twice, and every terminal status notified exactly once (notifications come from the change
/// feed, written with the status, so the kill cannot lose one; the notifier's identity index keeps redeliveries out), and
/// every subtask's terminal notification precedes its parent's.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const int SingleTasks = 300;
    private const int RowCount = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Up_WhenKilledMidFlightAndRestarted_ShouldEndEveryTaskExactlyOnce()
    {
        using var dir = new TempDirectory();
        // Everything is created before the engine starts (the CLI writes the database directly), so the first engine
        // dispatches hundreds of tasks at once and the kill lands while most are queued, running or mid-workflow.
        var (code, _, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "csv-import", "--tenant", "crash", "--sfn", "--input", Rows(RowCount), "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "echo", "--tenant", "crash", "--input", """{"via":"cli"}""", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None);
        // The same writes `conveyor tasks create` makes, without 300 process starts.
        var service = new TaskService(new SqliteTaskStore(database, TimeProvider.System), new SqliteNotifier(database, TimeProvider.System), TimeProvider.System);
        // Each echo works 40 ms, so the 300 single tasks take seconds on any machine and the kill lands mid-flight.
        var input = JsonDocument.Parse("""{"payload":"x","delayMs":40}""").RootElement.Clone();
        for (var i = 1; i < SingleTasks; i++)
        {
            await service.CreateTaskAsync(new CreateTaskRequest("crash", "echo", input), CancellationToken.None);
        }

        await using (var first = ConveyorProcess.Up(dir.Path, "--port", "0"))
        {
            await first.WaitReadyAsync(Patience);
            var terminalAtKill = await WaitForProgressAsync(new SqliteTaskListing(database));
            await first.KillAsync();
            output.WriteLine($"SIGKILL with {terminalAtKill} of {SingleTasks + RowCount} tasks and subtasks ended");
            Assert.True(terminalAtKill < SingleTasks + RowCount, $"the kill came after everything had ended ({terminalAtKill}); the test proves nothing");
        }

        await using var second = ConveyorProcess.Up(dir.Path, "--port", "0");
        await second.WaitReadyAsync(Patience);
        var db = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None);
        var tasks = new SqliteTaskListing(db);
        var deadline = DateTime.UtcNow + Patience;
        while (!await AllEndedAsync(tasks))
        {
            Assert.True(DateTime.UtcNow < deadline, "tasks did not all end after the restart:\n" + second.Output);
            await Task.Delay(200);
        }

        var singles = await tasks.ListAsync(new LocalTaskFilter(Kind: TaskKind.Task, Limit: 1000), CancellationToken.None);
        Assert.Equal(SingleTasks, singles.Count);
        Assert.All(singles, t => Assert.Equal(TrackedTaskStatus.Completed, t.Status));
        var parent = Assert.Single(await tasks.ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction), CancellationToken.None));
        Assert.Equal(TrackedTaskStatus.Completed, parent.Status);
        var subTasks = await tasks.ListAsync(new LocalTaskFilter(Kind: TaskKind.SubTask, Limit: 1000), CancellationToken.None);
        Assert.Equal(RowCount, subTasks.Count);
        Assert.All(subTasks, s => Assert.Equal(TrackedTaskStatus.Completed, s.Status));

        // The last terminal changes may still be in the change feed when the rows have ended: wait for their notifications.
        var expected = singles.Concat([parent]).Concat(subTasks).ToDictionary(t => t.Id, t => t.Status.ToWireName());
        List<string> problems;
        while (true)
        {
            var notifications = await AllNotificationsAsync(db);
            var terminal = notifications
                .Where(n => n.Action is NotificationActions.TaskStatus or NotificationActions.SubTaskStatus)
                .Select(n => (n.Id, Status: n.Content.GetProperty("status").GetString()))
                .Where(n => n.Status is "COMPLETED" or "FINISHED" or "FAILED")
                .GroupBy(n => n.Id)
                .ToDictionary(g => g.Key, g => g.Select(n => n.Status).ToList());
            problems = expected
                .Where(e => !terminal.TryGetValue(e.Key, out var statuses) || statuses.Count != 1 || statuses[0] != e.Value)
                .Select(e => $"{e.Key} {e.Value}: notified [{string.Join(", ", terminal.GetValueOrDefault(e.Key) ?? [])}]")
                .ToList();
            if (problems.Count == 0 || DateTime.UtcNow > deadline + TimeSpan.FromSeconds(30))
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(problems.Count == 0, $"{problems.Count} tasks without exactly one terminal notification: " + string.Join(", ", problems.Take(20)));

        // Causal order survives the kill: the change feed is redelivered in order per partition key after the restart,
        // so no subtask's terminal notification comes after its parent's, whichever side of the kill each was published on.
        var published = (await AllNotificationsAsync(db))
            .Select(n => new NotificationOrder.Published(n.Sequence, n.Action, n.Pk, n.Sk, n.Content.ValueKind == JsonValueKind.Object && n.Content.TryGetProperty("status", out var s) ? s.GetString() : null))
            .ToList();
        var violations = NotificationOrder.Violations(published);
        Assert.True(violations.Count == 0, $"{violations.Count} subtask ends published after the parent's: " + string.Join(", ", violations.Take(10)));
        Assert.Equal(RowCount, NotificationOrder.SubTaskEndsBeforeParent(published).Values.Single());
        output.WriteLine(second.Output);
        Assert.Equal(0, await second.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Waits until work is visibly under way (30 tasks or subtasks ended); returns how many had ended.</summary>
    private static async Task<int> WaitForProgressAsync(SqliteTaskListing listing)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var singles = await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None);
            var subTasks = await listing.CountByStatusAsync(TaskKind.SubTask, CancellationToken.None);
            var ended = Ended(singles) + Ended(subTasks);
            if (ended >= 30 || DateTime.UtcNow > deadline)
            {
                return ended;
            }

            await Task.Delay(10);
        }
    }

    private static async Task<bool> AllEndedAsync(SqliteTaskListing listing)
    {
        var singles = await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None);
        var parents = await listing.CountByStatusAsync(TaskKind.StepFunction, CancellationToken.None);
        return singles.Values.Sum() == SingleTasks && Ended(singles) == SingleTasks && parents.Values.Sum() == 1 && Ended(parents) == 1;
    }

    private static int Ended(IReadOnlyDictionary<TrackedTaskStatus, int> counts) =>
        counts.Where(p => p.Key.IsTerminal()).Sum(p => p.Value);

    private static async Task<List<NotificationRecord>> AllNotificationsAsync(LocalDatabase database)
    {
        var notifier = new SqliteNotifier(database, TimeProvider.System);
        var all = new List<NotificationRecord>();
        while (true)
        {
            var page = await notifier.QueryAsync(new NotificationQuery(all.Count == 0 ? 0 : all[^1].Sequence, Limit: 1000), CancellationToken.None);
            if (page.Count == 0) { return all; }
            all.AddRange(page);
        }
    }

    private static string Rows(int rows) =>
        "[" + string.Join(',', Enumerable.Range(0, rows).Select(i => $$"""{"name":"user{{i}}","email":"user{{i}}@example.com"}""")) + "]";
}
