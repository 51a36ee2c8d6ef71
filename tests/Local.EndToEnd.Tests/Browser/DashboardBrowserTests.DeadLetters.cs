using System.Text.Json.Nodes;
using Conveyor.App;
using Conveyor.Core.Ports;
using Conveyor.Local.Buckets;
using Conveyor.Local.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Local.EndToEnd.Tests.Browser;

/// <summary>
/// Dead letters in a real browser: the engine as <c>conveyor up</c> runs it (the application, the bucket watcher, the HTTP
/// server), with its object store behind a storage outage. A CSV dropped during the outage fails its import on every
/// delivery and is dead-lettered with the cause; the page lists it with that cause; once the outage is over it is
/// re-driven from the page through the API and imported once; the CLI's re-drive of the same message moves nothing.
/// </summary>
public partial class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_WhenAnImportWasDeadLetteredDuringAnOutage_ShouldListItsCauseAndRedriveItOnceInChromium()
    {
        Assert.True(HeadlessChromium.FindExecutable() is not null, HeadlessChromium.MissingMessage);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        using var dir = new TempDirectory();
        OutageObjectStore? store = null;
        await using var engine = await ConveyorEngine.StartAsync(
            new EngineOptions
            {
                Directory = dir.Path,
                Port = 0,
                Application = (services, configuration) => services.AddConveyorApp(configuration).AddConveyorWorkflows(),
                ConfigureServices = services => services.AddSingleton<IObjectStore>(sp => store = new OutageObjectStore(new FolderObjectStore(sp.GetRequiredService<BucketPaths>()))),
            },
            NullLoggerFactory.Instance,
            ct);
        var screenshots = Environment.GetEnvironmentVariable("CONVEYOR_DASHBOARD_SCREENSHOTS");
        dir.Drop("csv-import", "during-outage.csv", "id,name,email\n1,Ann,ann@example.com\n2,Bo,bo@example.com\n");

        await using var browser = await HeadlessChromium.LaunchAsync(1280, 700, ct);
        await browser.NavigateAsync(new Uri(engine.BaseAddress!, "#/dead-letters"), ct);
        const string Listed = "document.getElementById('dead-letters')?.innerText ?? ''";
        var listed = await UntilAsync(browser, Listed, text => text.Contains("during-outage.csv", StringComparison.Ordinal), ct);
        Assert.Contains("FileEventRetryException", listed, StringComparison.Ordinal);
        Assert.Contains("IOException: Input/output error reading", listed, StringComparison.Ordinal);
        Assert.Contains("from bucket-events", listed, StringComparison.Ordinal);
        if (screenshots is not null)
        {
            await SaveAsync(screenshots, "dashboard-dead-letters.png", await browser.ScreenshotPngAsync(ct), ct);
        }

        // The overview counts it and links to the list.
        await browser.EvaluateAsync("location.hash = '#/'", ct);
        await UntilAsync(browser, "document.getElementById('dead-count')?.textContent ?? ''", text => text == "1 message", ct);
        await browser.EvaluateAsync("document.getElementById('dead-count').click()", ct);
        await UntilAsync(browser, Listed, text => text.Contains("during-outage.csv", StringComparison.Ordinal), ct);

        // The outage is over: re-drive from the page; the file is imported once.
        store!.Down = false;
        var messageId = (string?)await browser.EvaluateAsync("document.querySelector('#dead-letters button.redrive').dataset.message", ct);
        await browser.EvaluateAsync("document.querySelector('#dead-letters button.redrive').click()", ct);
        var note = await UntilAsync(browser, "document.getElementById('redrive-note')?.innerText ?? ''", text => text.Contains("re-driven to", StringComparison.Ordinal), ct);
        Assert.StartsWith($"Message {messageId} re-driven to bucket-events", note, StringComparison.Ordinal);
        await UntilAsync(browser, Listed, text => text.Contains("no dead letters", StringComparison.Ordinal), ct);
        var imports = await UntilImportedAsync(dir.Path, ct);
        Assert.Contains("during-outage.csv", (string?)Assert.Single(imports)!["name"], StringComparison.Ordinal);

        // The CLI's re-drive of the same message answers the same re-drive and moves nothing; still one import.
        var (code, stdout, stderr) = await ConveyorProcess.RunAsync("dead-letters", "redrive", messageId!, "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        var repeat = JsonNode.Parse(stdout)!;
        Assert.Equal((messageId, false), ((string?)repeat["messageId"], (bool)repeat["moved"]!));
        (code, stdout, stderr) = await ConveyorProcess.RunAsync("dead-letters", "list", "--json", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Empty(JsonNode.Parse(stdout)!.AsArray());
        Assert.Single(await UntilImportedAsync(dir.Path, ct));
    }

    /// <summary>The step-function tasks once at least one exists and all have ended.</summary>
    private static async Task<JsonArray> UntilImportedAsync(string dir, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var (code, json, stderr) = await ConveyorProcess.RunAsync("tasks", "list", "--kind", "sfn", "--json", "--dir", dir);
            Assert.True(code == 0, stderr);
            var tasks = JsonNode.Parse(json)!.AsArray();
            if (tasks.Count > 0 && tasks.All(t => (string?)t!["status"] is "FINISHED" or "COMPLETED" or "FAILED")) { return tasks; }
            Assert.True(DateTime.UtcNow < deadline, $"no ended import after {Patience}: {json}");
            await Task.Delay(250, cancellationToken);
        }
    }
}
