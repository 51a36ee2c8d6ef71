using System.Text.Json;
using Xunit.Abstractions;

namespace Local.EndToEnd.Tests;

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

    [Fact]
    public async Task Up_WithNotificationFormatBoth_ShouldPublishMbcsBodiesNextToConveyorsInCausalOrder()
    {
        const int rows = 30;
        using var dir = new TempDirectory();
        await using var up = ConveyorProcess.Up(dir.Path, "--port", "0", "--notification-format", "both");
        await up.WaitReadyAsync(Patience);
        var input = "[" + string.Join(',', Enumerable.Range(0, rows).Select(i => i % 10 == 3 ? """{"email":"not-an-email"}""" : $$"""{"email":"u{{i}}@example.com"}""")) + "]";
        var (code, _, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "csv-import", "--tenant", "mbc", "--sfn", "--input", input, "--dir", dir.Path);
        Assert.True(code == 0, stderr);

        var deadline = DateTime.UtcNow + Patience;
        List<JsonElement> lines;
        while (true)
        {
            lines = await ReadNotificationLinesAsync(dir.Path);
            if (lines.Count(n => n.GetProperty("action").GetString() == "task-status" && Status(n) == "FINISHED") == 2)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the parent did not end in both formats:\n" + up.Output);
            await Task.Delay(250);
        }

        var mbc = lines.Where(n => n.TryGetProperty("format", out var f) && f.GetString() == "mbc").ToList();
        var conveyor = lines.Except(mbc).ToList();
        Assert.All(mbc, n => Assert.Equal("conveyor-local-tasks", n.GetProperty("table").GetString()));
        Assert.All(conveyor, n => Assert.False(n.TryGetProperty("table", out _)));
        foreach (var format in new[] { mbc, conveyor })
        {
            var published = format.Select(n => new NotificationOrder.Published(
                n.GetProperty("sequence").GetInt64(), n.GetProperty("action").GetString()!, n.GetProperty("pk").GetString()!, n.GetProperty("sk").GetString()!, Status(n))).ToList();
            Assert.Empty(NotificationOrder.Violations(published));
            Assert.Equal(rows, NotificationOrder.SubTaskEndsBeforeParent(published).Values.Single());
        }

        // MBC's body: the parent's progress after every subtask status change (PROCESSING, then the end), one alarm per failed row.
        var parentSk = mbc.Single(n => n.GetProperty("action").GetString() == "task-status" && Status(n) == "FINISHED").GetProperty("sk").GetString();
        var progress = mbc.Count(n => n.GetProperty("sk").GetString() == parentSk && Status(n) == "STARTED"
            && n.GetProperty("content").TryGetProperty("attributes", out var a) && a.TryGetProperty("subTaskCount", out _));
        Assert.Equal(2 * rows, progress);
        Assert.Equal(rows / 10, mbc.Count(n => n.GetProperty("action").GetString() == "sfn-alarm"));
        Assert.Equal(0, await up.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    private static string? Status(JsonElement notification) =>
        notification.GetProperty("content") is { ValueKind: JsonValueKind.Object } content && content.TryGetProperty("status", out var s) ? s.GetString() : null;

    private static async Task<List<JsonElement>> ReadNotificationLinesAsync(string dir)
    {
        var (code, stdout, stderr) = await ConveyorProcess.RunAsync("notifications", "--json", "--dir", dir);
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
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
