using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Local.EndToEnd.Tests.Browser;

/// <summary>
/// The dashboard in a real browser: <c>conveyor up</c> as a process, the page in headless Chromium, the shipped sample
/// files dropped and a slow step-function task created — the page shows them and follows the progress live, without reload.
/// </summary>
public partial class DashboardBrowserTests
{
    private const int Items = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Dashboard_WhenWorkRuns_ShouldShowTasksFailedImportsAndLiveProgressInChromium()
    {
        Assert.True(HeadlessChromium.FindExecutable() is not null, HeadlessChromium.MissingMessage);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        using var dir = new TempDirectory();
        await using var engine = ConveyorProcess.Up(dir.Path, "--port", "0", "--workers", "2");
        await engine.WaitReadyAsync(Patience);
        var url = new Uri(DashboardUrl().Match(engine.Output) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No dashboard URL printed:\n{engine.Output}"));

        await using var browser = await HeadlessChromium.LaunchAsync(1200, 900, ct);
        await browser.NavigateAsync(url, ct);
        await UntilAsync(browser, "document.getElementById('at')?.textContent ?? ''", text => text.StartsWith("Updated", StringComparison.Ordinal), ct);
        Assert.Equal("Conveyor — local engine", (string?)await browser.EvaluateAsync("document.title", ct));

        var samples = Path.Combine(RepositoryRoot(), "samples");
        File.Copy(Path.Combine(samples, "broken.csv"), Path.Combine(dir.Bucket("csv-import"), "broken.csv"));
        File.Copy(Path.Combine(samples, "customers.csv"), Path.Combine(dir.Bucket("csv-import"), "customers.csv"));
        var input = new JsonArray([.. Enumerable.Range(0, Items).Select(i => (JsonNode)new JsonObject { ["delayMs"] = 400, ["i"] = i })]);
        var (code, _, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "echo", "--tenant", "default", "--sfn", "--input", input.ToJsonString(), "--dir", dir.Path);
        Assert.True(code == 0, stderr);

        // Progress of the running task as the page shows it, read repeatedly from the same page load.
        const string RunningText = "document.getElementById('running').innerText";
        var first = await UntilAsync(browser, RunningText, text => Done(text) is > 0 and < Items, ct);
        var screenshot = await browser.ScreenshotPngAsync(ct);
        var later = await UntilAsync(browser, RunningText, text => Done(text) > Done(first) || text.Contains("nothing running", StringComparison.Ordinal), ct);
        Assert.True(Done(later) > Done(first) || later.Contains("nothing running", StringComparison.Ordinal), $"progress did not move: '{first}' then '{later}'");

        var failed = await UntilAsync(browser, "document.getElementById('failed').innerText", text => text.Contains("broken.csv", StringComparison.Ordinal), ct);
        Assert.Contains("rejected-file", failed, StringComparison.Ordinal);
        Assert.Contains("never closed", failed, StringComparison.Ordinal);
        var counts = await UntilAsync(browser, "document.getElementById('sfn').innerText", text => text.Contains("COMPLETED\t2", StringComparison.Ordinal), ct);
        Assert.Contains("COMPLETED", counts, StringComparison.Ordinal);
        await UntilAsync(browser, "document.getElementById('notes').innerText", text => text.Contains("task-status\tCOMPLETED", StringComparison.Ordinal), ct);
        var (notesCode, notes, _) = await ConveyorProcess.RunAsync("notifications", "--json", "--action", "task-status", "--dir", dir.Path);
        Assert.Equal(0, notesCode);
        Assert.Contains(
            notes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!),
            n => ((string?)n["id"])!.Contains("#rejected-file#", StringComparison.Ordinal) && (string?)n["content"]!["status"] == "FAILED");

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], screenshot[..4]);
        if (Environment.GetEnvironmentVariable("CONVEYOR_DASHBOARD_SCREENSHOT") is { Length: > 0 } path)
        {
            await File.WriteAllBytesAsync(path, screenshot, ct);
        }

        Assert.Equal(0, await engine.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Subtasks ended of the running task as the page prints them ("7/24").</summary>
    private static int Done(string text) =>
        Progress().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    private static async Task<string> UntilAsync(HeadlessChromium browser, string expression, Func<string, bool> done, CancellationToken cancellationToken)
    {
        var last = string.Empty;
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            last = (string?)await browser.EvaluateAsync(expression, cancellationToken) ?? string.Empty;
            if (done(last)) { return last; }
            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The page never showed what was expected for {expression}; last: '{last}'");
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "functions.sln"))) { return d.FullName; }
        }

        throw new InvalidOperationException("functions.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"Dashboard: (http://\S+)")]
    private static partial Regex DashboardUrl();

    [GeneratedRegex(@"(\d+)/" + "24")]
    private static partial Regex Progress();
}
