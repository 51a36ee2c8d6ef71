using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Local.EndToEnd.Tests.Browser;

/// <summary>
/// The dashboard in a real browser: <c>conveyor up</c> as a process, the page in headless Chromium, a 10,000-row CSV
/// import with some bad rows and a malformed file dropped into the bucket. While the import runs the overview and the
/// task's detail follow it without reload, and the graph marks the Map state running; then the end state is reached, a
/// failed row's error shows, the rejected file is in the list with its reason, search finds a task by its id, and a
/// failed task is retried from the page through the API (the CLI's retry of the same task returns the same new task).
/// A durable workflow started with the CLI at the beginning is waiting on its callback by then: its task's detail shows
/// the execution and its operation history, the callback is completed from the page, the execution ends SUCCEEDED, and the
/// overview counts it among the durable executions.
/// </summary>
public partial class DashboardBrowserTests
{
    /// <summary>Enough rows that the import is still running when the page has loaded its detail, also as the engine gets faster.</summary>
    private const int Rows = 10000;
    private const int BadEvery = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dashboard_WhenAnImportRuns_ShouldFollowItLiveAndShowFailuresSearchGraphAndRetryInChromium()
    {
        Assert.True(HeadlessChromium.FindExecutable() is not null, HeadlessChromium.MissingMessage);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;
        using var dir = new TempDirectory();
        await using var engine = ConveyorProcess.Up(dir.Path, "--port", "0", "--workers", "2");
        await engine.WaitReadyAsync(Patience);
        var url = new Uri(DashboardUrl().Match(engine.Output) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No dashboard URL printed:\n{engine.Output}"));
        var screenshots = Environment.GetEnvironmentVariable("CONVEYOR_DASHBOARD_SCREENSHOTS");

        // A workflow that runs three steps and a 1 s timer, then waits for its confirmation callback while the import runs.
        var (wfCode, wfOut, wfErr) = await ConveyorProcess.RunAsync("workflows", "start", "onboarding", "--name", "dash-onboarding", "--input", """{"Customer":"c7","TrialSeconds":1}""", "--json", "--dir", dir.Path);
        Assert.True(wfCode == 0, wfErr);
        var workflowTaskId = (string)JsonNode.Parse(wfOut)!["taskId"]!;

        await using var browser = await HeadlessChromium.LaunchAsync(1280, 900, ct);
        await browser.NavigateAsync(url, ct);
        await UntilAsync(browser, "document.getElementById('at')?.textContent ?? ''", text => text.StartsWith("Updated", StringComparison.Ordinal), ct);
        Assert.Equal("Conveyor — local engine", (string?)await browser.EvaluateAsync("document.title", ct));

        File.Copy(Path.Combine(RepositoryRoot(), "samples", "broken.csv"), Path.Combine(dir.Bucket("csv-import"), "broken.csv"));
        await File.WriteAllTextAsync(Path.Combine(dir.Bucket("csv-import"), $"customers-{Rows}.csv"), Csv(), ct);

        // The overview follows the running import: its progress moves between two reads of the same page load.
        const string RunningText = "document.getElementById('running').innerText";
        var first = await UntilAsync(browser, RunningText, text => Done(text) is > 0 and < Rows, ct);
        var later = await UntilAsync(browser, RunningText, text => Done(text) > Done(first) || text.Contains("nothing running", StringComparison.Ordinal), ct);
        Assert.True(Done(later) > Done(first) || later.Contains("nothing running", StringComparison.Ordinal), $"overview progress did not move: '{first}' then '{later}'");
        // The detail follows it too, and the graph marks the distributed Map as the running state. The detail is opened from
        // the import's row at once: asking the CLI for its id first (a process start, seconds on a loaded machine) could
        // leave the import time to end before the page shows it.
        var importId = (string?)await browser.EvaluateAsync("(() => { const a = document.querySelector('#running a'); return a ? decodeURIComponent(a.getAttribute('href').slice('#/task/'.length)) : ''; })()", ct) ?? string.Empty;
        Assert.False(importId.Length == 0, $"the import ended before its detail could be opened: '{later}'");
        await browser.EvaluateAsync($"location.hash = '#/task/' + encodeURIComponent({Js(importId)})", ct);
        const string ProgressText = "document.getElementById('progress-text')?.innerText ?? ''";
        var detailFirst = await UntilAsync(browser, ProgressText, text => Done(text) >= 0, ct);
        const string MapState = "document.querySelector('#graph [data-state=\"RunSubTasks\"]')?.getAttribute('class') ?? ''";
        var mapWhileRunning = await UntilAsync(browser, $"({MapState}) + '|' + ({ProgressText})", text => text.Split('|')[0].Contains("running", StringComparison.Ordinal) || Done(text) >= Rows, ct);
        Assert.Contains("running", mapWhileRunning.Split('|')[0], StringComparison.Ordinal);
        var detailLater = await UntilAsync(browser, ProgressText, text => Done(text) > Done(detailFirst), ct);
        Assert.True(Done(detailLater) > Done(detailFirst), $"detail progress did not move: '{detailFirst}' then '{detailLater}'");
        Assert.Equal(await ImportIdAsync(dir.Path, ct), importId);
        if (screenshots is not null)
        {
            await SaveAsync(screenshots, "dashboard-graph.png", await browser.ScreenshotPngAsync("#graph-card", ct), ct);
        }

        // The end: the graph's End state is reached, the Map no longer runs, the failed rows are listed failed-first with their errors.
        const string EndState = "document.querySelector('#graph [data-state=\"End\"]')?.getAttribute('class') ?? ''";
        // On a busy machine the rest of the import may take minutes; on an idle 2-core one it takes seconds.
        try
        {
            await UntilAsync(browser, EndState, text => text.Contains("reached", StringComparison.Ordinal), ct, TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException ex)
        {
            var progress = (string?)await browser.EvaluateAsync(ProgressText, ct);
            var log = string.Join('\n', engine.Output.Split('\n').TakeLast(40));
            throw new TimeoutException($"{ex.Message}\nprogress: {progress}\nengine log (last 40 lines):\n{log}", ex);
        }
        Assert.DoesNotContain("running", (string?)await browser.EvaluateAsync(MapState, ct), StringComparison.Ordinal);
        Assert.Contains($"{Rows}/{Rows} ({Rows / BadEvery} failed)", (string?)await browser.EvaluateAsync(ProgressText, ct), StringComparison.Ordinal);
        await browser.EvaluateAsync("(() => { const s = document.getElementById('sub-order'); s.value = 'failed-first'; s.dispatchEvent(new Event('change')); })()", ct);
        var failedRows = await UntilAsync(browser, "document.getElementById('subtasks').innerText", text => text.Contains("is not an email address", StringComparison.Ordinal), ct);
        Assert.Contains($"row {BadEvery - 1}: 'user{BadEvery - 1}.example.com' is not an email address", failedRows, StringComparison.Ordinal);
        if (screenshots is not null)
        {
            await SaveAsync(screenshots, "dashboard-task.png", await browser.ScreenshotPngAsync(ct), ct);
        }

        // A failed row's own detail shows its error type and message.
        await browser.EvaluateAsync("location.hash = document.querySelector('#subtasks a').getAttribute('href')", ct);
        var rowError = await UntilAsync(browser, "document.getElementById('error')?.innerText ?? ''", text => text.Length > 0, ct);
        Assert.Contains("PermanentTaskFailureException", rowError, StringComparison.Ordinal);
        Assert.Contains($"row {BadEvery - 1}:", rowError, StringComparison.Ordinal);

        // The rejected file is in the list of failed tasks with its reason.
        await browser.EvaluateAsync("location.hash = '#/tasks?status=FAILED'", ct);
        var failedList = await UntilAsync(browser, "document.getElementById('task-list')?.innerText ?? ''", text => text.Contains("broken.csv", StringComparison.Ordinal), ct);
        Assert.Contains("CsvFormatException", failedList, StringComparison.Ordinal);
        Assert.Contains("never closed", failedList, StringComparison.Ordinal);

        // Search by id from the header finds exactly that task.
        await browser.EvaluateAsync($"(() => {{ document.getElementById('quick-q').value = {Js(importId)}; document.getElementById('quick-search').requestSubmit(); }})()", ct);
        var found = await UntilAsync(browser, "document.getElementById('task-list')?.innerText ?? ''", text => text.Contains(importId, StringComparison.Ordinal), ct);
        Assert.Equal(1, (int)(double)(await browser.EvaluateAsync("document.querySelectorAll('#task-list a').length", ct))!);
        Assert.Contains($"customers-{Rows}.csv", found, StringComparison.Ordinal);

        // The overview: counts, throughput, notifications one line per task (not one per subtask update).
        await browser.EvaluateAsync("location.hash = '#/'", ct);
        var counts = await UntilAsync(browser, "document.getElementById('sfn')?.innerText ?? ''", text => text.Contains("FINISHED", StringComparison.Ordinal), ct);
        Assert.Contains("FINISHED\t1", counts, StringComparison.Ordinal);
        var throughput = await UntilAsync(browser, "document.getElementById('throughput-summary')?.innerText ?? ''", text => text.Length > 0, ct);
        Assert.Matches(@"^\d+ completed, \d+ failed in 5 min", throughput);
        Assert.True(Completed(throughput) >= Rows - (Rows / BadEvery), $"throughput shows fewer completions than the import had: {throughput}");
        var groups = (int)(double)(await browser.EvaluateAsync("document.querySelectorAll('#notes details').length", ct))!;
        Assert.InRange(groups, 2, 15);
        var importGroup = (string?)await browser.EvaluateAsync($"document.querySelector({Js($"#notes details[data-task=\"{importId}\"]")})?.innerText ?? ''", ct);
        Assert.Contains("from subtasks", importGroup, StringComparison.Ordinal);

        // Retry from the page goes through the API; the CLI's retry of the same task answers the same new task.
        var (code, created, stderr) = await ConveyorProcess.RunAsync("tasks", "create", "--type", "echo", "--tenant", "default", "--input", """{"fail":"permanent"}""", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        var failingId = (string)JsonNode.Parse(created)!["id"]!;
        await browser.EvaluateAsync($"location.hash = '#/task/' + encodeURIComponent({Js(failingId)})", ct);
        await UntilAsync(browser, "document.getElementById('retry') ? 'yes' : ''", text => text == "yes", ct);
        await browser.EvaluateAsync("document.getElementById('retry').click()", ct);
        var retriedId = await UntilAsync(browser, "document.getElementById('task-id')?.textContent ?? ''", text => text.Length > 0 && text != failingId, ct);
        var (retryCode, retried, retryErr) = await ConveyorProcess.RunAsync("tasks", "retry", failingId, "--dir", dir.Path);
        Assert.True(retryCode == 0, retryErr);
        Assert.Equal(retriedId, (string)JsonNode.Parse(retried)!["id"]!);

        // The workflow's task: its execution and operation history; its waiting callback is completed from the page.
        await browser.EvaluateAsync($"location.hash = '#/task/' + encodeURIComponent({Js(workflowTaskId)})", ct);
        const string Operations = "document.getElementById('operations')?.innerText ?? ''";
        var history = await UntilAsync(browser, $"document.querySelector('#operations form.callback') ? {Operations} : ''", text => text.Length > 0, ct);
        Assert.Contains("CALLBACK", history, StringComparison.Ordinal);
        Assert.Matches(@"STEP[^\t\n]*\tSUCCEEDED", history);
        Assert.Contains("WAIT", history, StringComparison.Ordinal);
        Assert.Contains("RUNNING", (string?)await browser.EvaluateAsync("document.getElementById('workflow-status').innerText", ct), StringComparison.Ordinal);
        if (screenshots is not null)
        {
            await SaveAsync(screenshots, "dashboard-workflow.png", await browser.ScreenshotPngAsync("#workflow-card", ct), ct);
        }

        await browser.EvaluateAsync("document.querySelector('#operations form.callback button[value=\"succeed\"]').click()", ct);
        await UntilAsync(browser, "document.getElementById('workflow-status')?.innerText ?? ''", text => text.Contains("SUCCEEDED", StringComparison.Ordinal), ct);
        var answered = await UntilAsync(browser, Operations, text => !text.Contains("Succeed", StringComparison.Ordinal), ct);
        Assert.Matches(@"CALLBACK[^\t\n]*\tSUCCEEDED", answered);
        await UntilAsync(browser, "document.querySelector('#fields .status')?.textContent ?? ''", text => text == "COMPLETED", ct);

        // The overview counts durable executions by status.
        await browser.EvaluateAsync("location.hash = '#/'", ct);
        var durable = await UntilAsync(browser, "document.getElementById('durable')?.innerText ?? ''", text => text.Contains("SUCCEEDED\t1", StringComparison.Ordinal), ct);
        Assert.Contains("RUNNING\t0", durable, StringComparison.Ordinal);
        Assert.Contains("TIMED_OUT\t0", durable, StringComparison.Ordinal);
        if (screenshots is not null)
        {
            await SaveAsync(screenshots, "dashboard-overview.png", await browser.ScreenshotPngAsync(ct), ct);
        }

        Assert.Equal(0, await engine.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>id,name,email rows; every 500th row's email has no '@' (a failing subtask).</summary>
    private static string Csv()
    {
        var text = new StringBuilder("id,name,email\n");
        for (var i = 0; i < Rows; i++)
        {
            var at = (i + 1) % BadEvery == 0 ? "." : "@";
            text.Append(CultureInfo.InvariantCulture, $"{i},Customer {i},user{i}{at}example.com\n");
        }

        return text.ToString();
    }

    private static async Task<string> ImportIdAsync(string dir, CancellationToken cancellationToken)
    {
        var (code, json, stderr) = await ConveyorProcess.RunAsync("tasks", "list", "--kind", "sfn", "--json", "--dir", dir);
        Assert.True(code == 0, stderr);
        cancellationToken.ThrowIfCancellationRequested();
        return (string)JsonNode.Parse(json)!.AsArray().Single()!["id"]!;
    }

    private static string Js(string text) => JsonSerializer.Serialize(text);

    private static async Task SaveAsync(string folder, string name, byte[] png, CancellationToken cancellationToken)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, name), png, cancellationToken);
    }

    /// <summary>Subtasks ended as the page prints them ("1234/10000"); -1 when none is shown.</summary>
    private static int Done(string text) =>
        Progress().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    private static int Completed(string text) => int.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);

    private static async Task<string> UntilAsync(HeadlessChromium browser, string expression, Func<string, bool> done, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        var last = string.Empty;
        var deadline = DateTime.UtcNow + (patience ?? Patience);
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

    // The import's size, Rows.
    [GeneratedRegex(@"(\d+)/10000\b")]
    private static partial Regex Progress();
}
