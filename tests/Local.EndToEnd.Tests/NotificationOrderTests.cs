using System.Text.Json;
using Xunit.Abstractions;

namespace Conveyor.Local.EndToEnd.Tests;

/// <summary>
/// On <c>conveyor up</c>, step-function tasks with many subtasks, run one after another in the same engine: every
/// subtask's terminal <c>sub-task-status</c> is published before the parent's terminal <c>task-status</c>, read back
/// through <c>conveyor notifications --json</c> as a client would. (The SIGKILL case is in <see cref="CrashSafetyTests"/>.)
/// </summary>
public class NotificationOrderTests(ITestOutputHelper output)
{
    private const int Runs = 3;
    private const int Rows = 60;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Up_WhenStepFunctionTasksRun_ShouldPublishEverySubtaskEndBeforeItsParentEnds()
    {
        using var dir = new TempDirectory();
        await using var up = ConveyorProcess.Up(dir.Path, "--port", "0", "--workers", "8");
        await up.WaitReadyAsync(Patience);
        var rows = "[" + string.Join(',', Enumerable.Range(0, Rows).Select(i => i % 9 == 4 ? """{"email":"not-an-email"}""" : $$"""{"email":"u{{i}}@example.com"}""")) + "]";
        for (var run = 0; run < Runs; run++)
        {
            var (code, _, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "csv-import", "--tenant", "order", "--sfn", "--input", rows, "--dir", dir.Path);
            Assert.True(code == 0, stderr);
        }

        var deadline = DateTime.UtcNow + Patience;
        List<NotificationOrder.Published> published;
        while (true)
        {
            published = await ReadNotificationsAsync(dir.Path);
            if (NotificationOrder.SubTaskEndsBeforeParent(published).Count == Runs)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the parents did not all end:\n" + up.Output);
            await Task.Delay(250);
        }

        var before = NotificationOrder.SubTaskEndsBeforeParent(published);
        output.WriteLine(string.Join(", ", before.Select(p => $"{p.Key}: {p.Value} subtask ends before the parent's")));
        Assert.Empty(NotificationOrder.Violations(published));
        Assert.All(before.Values, count => Assert.Equal(Rows, count));
        Assert.Equal(0, await up.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    internal static async Task<List<NotificationOrder.Published>> ReadNotificationsAsync(string dir)
    {
        var (code, stdout, stderr) = await ConveyorProcess.RunAsync("notifications", "--json", "--dir", dir);
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var content = root.GetProperty("content");
                var status = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("status", out var s) ? s.GetString() : null;
                return new NotificationOrder.Published(
                    root.GetProperty("sequence").GetInt64(), root.GetProperty("action").GetString()!, root.GetProperty("pk").GetString()!, root.GetProperty("sk").GetString()!, status);
            })
            .ToList();
    }
}
