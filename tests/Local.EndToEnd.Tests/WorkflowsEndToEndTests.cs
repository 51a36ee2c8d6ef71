using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Conveyor.App;
using Conveyor.App.Workflows;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Workflows;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Functions.Workflows;
using Conveyor.Local.Durable;
using Conveyor.Local.Notifications;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Local.EndToEnd.Tests;

/// <summary>
/// Durable workflows on the real <c>conveyor up</c>, as a user runs them: the CLI (<c>conveyor workflows …</c>) without an
/// engine, and N onboarding workflows (three steps, a timer, a callback answered over HTTP and through the CLI) through
/// two SIGKILLs and restarts: every execution ends SUCCEEDED exactly once, its task COMPLETED with one notification, and
/// no step body runs again once its result was checkpointed (each run writes an audit record; only runs a kill
/// interrupted before their checkpoint may have left an extra one, and those are older than the kept one).
/// N is <c>CONVEYOR_DURABLE_E2E_WORKFLOWS</c> (default 150; the issue's 1,000 runs the same test as a soak).
/// </summary>
public sealed class WorkflowsEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task WorkflowsCli_WhenNoEngineRuns_ShouldStartListShowAndStopWithJson()
    {
        using var dir = new TempDirectory();
        var input = """{"Customer":"c1","TrialSeconds":1}""";
        var (code, stdout, stderr) = await ConveyorProcess.RunAsync("workflows", "start", "onboarding", "--name", "cli-1", "--input", input, "--json", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        using (var started = JsonDocument.Parse(stdout))
        {
            Assert.Equal("RUNNING", started.RootElement.GetProperty("status").GetString());
            Assert.Equal("onboarding", started.RootElement.GetProperty("workflow").GetString());
        }

        (code, stdout, _) = await ConveyorProcess.RunAsync("workflows", "start", "onboarding", "--name", "cli-1", "--input", input, "--dir", dir.Path);
        Assert.Equal(0, code);
        Assert.StartsWith("already started: cli-1", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await ConveyorProcess.RunAsync("workflows", "list", "--json", "--dir", dir.Path);
        Assert.Equal(0, code);
        Assert.Equal("cli-1", Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray()).GetProperty("name").GetString());
        (code, stdout, _) = await ConveyorProcess.RunAsync("tasks", "list", "--json", "--kind", "task", "--dir", dir.Path);
        Assert.Equal(0, code);
        var task = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        Assert.Equal(("onboarding", "cli-1", "STARTED"), (task.GetProperty("type").GetString(), task.GetProperty("name").GetString(), task.GetProperty("status").GetString()));

        (code, _, stderr) = await ConveyorProcess.RunAsync("workflows", "stop", "cli-1", "--error-type", "Cancelled", "--message", "not needed", "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        (code, stdout, _) = await ConveyorProcess.RunAsync("workflows", "show", "cli-1", "--json", "--dir", dir.Path);
        Assert.Equal(0, code);
        using (var shown = JsonDocument.Parse(stdout))
        {
            Assert.Equal("STOPPED", shown.RootElement.GetProperty("status").GetString());
            Assert.Equal("Cancelled", shown.RootElement.GetProperty("error").GetProperty("type").GetString());
        }

        (code, _, stderr) = await ConveyorProcess.RunAsync("workflows", "start", "no-such-workflow", "--input", "{}", "--dir", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("onboarding", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await ConveyorProcess.RunAsync("workflows", "history", "missing", "--dir", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("No workflow execution missing", stderr, StringComparison.Ordinal);
        (code, _, _) = await ConveyorProcess.RunAsync("workflows", "callback", "bm9wZQ", "succeed", "--dir", dir.Path);
        Assert.Equal(1, code);
    }

    [Theory]
    [InlineData("in-process")]
    [InlineData("http")]
    public async Task Up_WhenWorkflowsAreKilledTwiceMidRun_ShouldEndEveryExecutionOnceWithoutRerunningACompletedStep(string durableApi)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("CONVEYOR_DURABLE_E2E_WORKFLOWS"), out var n) && n > 0 ? n : 150;
        using var dir = new TempDirectory();
        var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(dir.Path), CancellationToken.None);
        var executions = new SqliteDurableExecutions(database, TimeProvider.System);
        var workflows = WorkflowService(database, executions);
        // One through the CLI, the rest with the same writes (without N process starts), all before the engine starts.
        var (code, _, stderr) = await ConveyorProcess.RunAsync("workflows", "start", "onboarding", "--name", Name(0), "--input", Input(0), "--dir", dir.Path);
        Assert.True(code == 0, stderr);
        for (var i = 1; i < count; i++)
        {
            using var input = JsonDocument.Parse(Input(i));
            await workflows.StartAsync(new StartWorkflowRequest("default", OnboardingWorkflow.Name, Name(i), input.RootElement.Clone()), CancellationToken.None);
        }

        var port = FreePort();
        var killed = new List<int>();
        var records = Path.Combine(dir.Path, "buckets", "artifacts", "onboarding");

        // Kill 1: while step bodies run (a third of the step records written).
        await using (var first = ConveyorProcess.Up(dir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--durable-api", durableApi))
        {
            await first.WaitReadyAsync(Patience);
            await WaitUntilAsync(() => Task.FromResult(RecordCount(records) >= count), "a third of the steps to run");
            await first.KillAsync();
            killed.Add(first.Id);
            output.WriteLine($"SIGKILL 1 with {RecordCount(records)} of {3 * count} step records written");
        }

        // Kill 2: while callbacks are being answered (half of them answered over HTTP).
        await using (var second = ConveyorProcess.Up(dir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--durable-api", durableApi))
        {
            await second.WaitReadyAsync(Patience);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitUntilAsync(async () => (await WaitingCallbacksAsync(executions)).Count >= count / 2, "half the executions to wait for their callback");
            var answered = await AnswerCallbacksAsync(executions, http, count / 2, useCli: 0, dir.Path);
            await second.KillAsync();
            killed.Add(second.Id);
            output.WriteLine($"SIGKILL 2 after {answered} callbacks answered; {RecordCount(records)} step records");
        }

        await using var third = ConveyorProcess.Up(dir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--durable-api", durableApi);
        await third.WaitReadyAsync(Patience);
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
        {
            await WaitUntilAsync(async () =>
            {
                await AnswerCallbacksAsync(executions, http, count, useCli: 3, dir.Path);
                var counts = await executions.CountByStatusAsync(CancellationToken.None);
                return counts.GetValueOrDefault(ExecutionStatuses.Succeeded) == count;
            }, "every execution to succeed");
        }

        var counts = await executions.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(new Dictionary<string, int> { [ExecutionStatuses.Succeeded] = count }, counts);

        // Every tracking task COMPLETED once, with exactly one COMPLETED task-status notification.
        var listing = new SqliteTaskListing(database);
        await WaitUntilAsync(async () => (await listing.CountByStatusAsync(TaskKind.Task, CancellationToken.None)).GetValueOrDefault(TrackedTaskStatus.Completed) == count, "every task to complete");
        var notifier = new SqliteNotifier(database, TimeProvider.System);
        var completedNotices = new Dictionary<string, int>(StringComparer.Ordinal);
        await WaitUntilAsync(async () =>
        {
            completedNotices.Clear();
            long after = 0;
            while (true)
            {
                var page = await notifier.QueryAsync(new NotificationQuery(after, Action: "task-status", Limit: 1000), CancellationToken.None);
                foreach (var n in page.Where(n => n.Content.GetProperty("status").GetString() == "COMPLETED"))
                {
                    completedNotices[n.Id] = completedNotices.GetValueOrDefault(n.Id) + 1;
                }

                if (page.Count < 1000) { break; }
                after = page[^1].Sequence;
            }

            return completedNotices.Count == count;
        }, "a COMPLETED notification per task");
        Assert.All(completedNotices.Values, v => Assert.Equal(1, v));

        // Step bodies: the record each step's checkpointed result names is the newest of its step; any other record was
        // written by a killed process (a run the kill interrupted before its checkpoint).
        var extra = 0;
        for (var i = 0; i < count; i++)
        {
            var info = (await executions.DescribeAsync(Name(i), CancellationToken.None))!;
            using var result = JsonDocument.Parse(info.Execution.Result!);
            var kept = result.RootElement.GetProperty("Records").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.Equal(3, kept.Count);
            foreach (var (step, keptKey) in OnboardingWorkflow.Steps.Zip(kept))
            {
                var folder = Path.Combine(records, Name(i), step);
                var files = Directory.GetFiles(folder);
                var keptFile = Path.Combine(dir.Path, "buckets", "artifacts", keptKey);
                Assert.Contains(keptFile, files);
                foreach (var other in files.Where(f => f != keptFile))
                {
                    extra++;
                    // A leading '.' is the bucket's temporary file of a write a kill interrupted (the store renames it into place when complete).
                    var pid = int.Parse(Path.GetFileName(other).TrimStart('.').Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(killed.Contains(pid), $"{other}: a second run of {Name(i)}/{step} by process {pid}, which was not killed");
                    Assert.True(File.GetLastWriteTimeUtc(other) <= File.GetLastWriteTimeUtc(keptFile), $"{other} ran after the checkpointed run of {Name(i)}/{step}");
                }
            }
        }

        // With --durable-api http the workflows checkpointed through the engine's loopback API, with the AWS client.
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("local/status", UriKind.Relative)));
            var served = status.RootElement.TryGetProperty("durableApi", out var api) ? api.GetProperty("requests").GetInt64() : (long?)null;
            output.WriteLine($"--durable-api {durableApi}: {served?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} durable API requests served by the last engine");
            if (durableApi == "http")
            {
                // At least the half whose callbacks the last engine answered resumed there, each checkpointing its next step.
                Assert.True(served >= count / 2, $"{served} durable API requests by the last engine for {count} executions");
            }
            else
            {
                Assert.Null(served);
            }
        }

        output.WriteLine($"{count} executions SUCCEEDED after 2 SIGKILLs; {extra} step runs interrupted by a kill before their checkpoint ran again (at-least-once), none after");
        Assert.Equal(0, await third.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    private static string Name(int i) => $"onb-{i:D4}";

    private static string Input(int i) => $$"""{"Customer":"customer-{{i}}","TrialSeconds":1}""";

    /// <summary>Answers up to <paramref name="max"/> waiting callbacks: the first <paramref name="useCli"/> through <c>conveyor workflows callback</c>, the rest over HTTP.</summary>
    private static async Task<int> AnswerCallbacksAsync(SqliteDurableExecutions executions, HttpClient http, int max, int useCli, string dir)
    {
        var answered = 0;
        while (answered < max)
        {
            var waiting = await WaitingCallbacksAsync(executions);
            if (waiting.Count == 0)
            {
                return answered;
            }

            foreach (var id in waiting.Take(max - answered))
            {
                if (answered < useCli)
                {
                    var (code, _, stderr) = await ConveyorProcess.RunAsync("workflows", "callback", id, "succeed", "--result", """{"Approved":true}""", "--dir", dir);
                    Assert.True(code == 0, stderr);
                }
                else
                {
                    using var response = await http.PostAsync($"callbacks/{id}/succeed?tenant=default", new StringContent("""{"Approved":true}""", Encoding.UTF8, "application/json"));
                    Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
                }

                answered++;
            }
        }

        return answered;
    }

    private static async Task<List<string>> WaitingCallbacksAsync(SqliteDurableExecutions executions)
    {
        var waiting = new List<string>();
        foreach (var info in await executions.ListAsync(null, ExecutionStatuses.Running, 2000, CancellationToken.None))
        {
            var history = await executions.HistoryAsync(info.Execution.DurableExecutionArn, CancellationToken.None) ?? [];
            if (history.FirstOrDefault(o => o.Type == OperationTypes.Callback && o.Status == OperationStatuses.Started)?.CallbackDetails?.CallbackId is { } id)
            {
                waiting.Add(id);
            }
        }

        return waiting;
    }

    private static WorkflowService WorkflowService(LocalDatabase database, IDurableExecutionService executions)
    {
        var app = new ServiceCollection().AddConveyorApp(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var tasks = new TaskService(new SqliteTaskStore(database, TimeProvider.System), new SqliteNotifier(database, TimeProvider.System), TimeProvider.System);
        return new WorkflowService(tasks, executions, new DurableWorkflowCatalog(app.GetServices<DurableWorkflowRegistration>()));
    }

    private static int RecordCount(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
