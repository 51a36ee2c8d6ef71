using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The dashboard's files and reads on a running engine: self-contained files, JSON errors, an execution followed state by state.</summary>
public sealed class DashboardEndpointsTests : EngineHttpTest
{
    [Theory]
    [InlineData("", "text/html")]
    [InlineData("app.js", "text/javascript")]
    [InlineData("graph.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Files_ShouldBeServedSelfContainedUnderAPolicyThatRunsOnlyThem(string path, string mediaType)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(';', response.Headers.GetValues("content-security-policy"));
        Assert.Contains("default-src 'none'; script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local/tasks?status=DONE", 400)]
    [InlineData("local/tasks?limit=5000", 400)]
    [InlineData("local/tasks?from=yesterday", 400)]
    [InlineData("local/tasks?next=forged.token", 400)]
    [InlineData("local/tasks/not-an-id", 400)]
    [InlineData("local/tasks/TASK%23web%23echo%2301ARZ3NDEKTSV4RRFFQ69G5FAV", 404)]
    [InlineData("local/tasks/TASK%23web%23echo%2301ARZ3NDEKTSV4RRFFQ69G5FAV/subtasks", 404)]
    public async Task Reads_WhenTheRequestIsBad_ShouldAnswerTheApiErrorShape(string path, int status)
    {
        using var response = await Http.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Detail_WhenAStepFunctionTaskRan_ShouldShowItsExecutionStateByStateAndItsSubTasks()
    {
        var input = JsonDocument.Parse("""[{"n":0},{"n":1},{"fail":"permanent"},{"n":3}]""").RootElement;
        var parent = (await Fixture.Tasks.CreateStepFunctionTaskAsync(new CreateTaskRequest("web", "echo", input), CancellationToken.None)).Task;
        var id = Uri.EscapeDataString(parent.Id);
        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await Fixture.Tasks.GetAsync(parent.Key, CancellationToken.None))!.Status.IsTerminal(), TimeSpan.FromSeconds(60)));

        var detail = await Http.GetFromJsonAsync<JsonElement>($"local/tasks/{id}");
        var failedFirst = await Http.GetFromJsonAsync<JsonElement>($"local/tasks/{id}/subtasks?order=failed-first&limit=2");
        var list = await Http.GetFromJsonAsync<JsonElement>("local/tasks?kind=sfn&tenant=web");

        Assert.Equal("FINISHED", detail.GetProperty("task").GetProperty("status").GetString());
        var execution = detail.GetProperty("execution");
        Assert.Equal("SUCCEEDED", execution.GetProperty("status").GetString());
        Assert.Equal(["RunSubTasks", "Finalize"], execution.GetProperty("visited").EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(execution.GetProperty("current").EnumerateArray());
        var states = execution.GetProperty("states");
        // The Map batches its items (ItemBatcher): the four rows are one iteration through the item state.
        Assert.Equal(1, states.GetProperty("RunSubTaskBatch").GetProperty("exited").GetInt32());
        Assert.Equal(0, states.GetProperty("RunSubTaskBatch").GetProperty("active").GetInt32());
        Assert.Equal((4, 1), (detail.GetProperty("progress").GetProperty("total").GetInt32(), detail.GetProperty("progress").GetProperty("failed").GetInt32()));
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("status").GetString() == "FINISHED");
        var first = failedFirst.GetProperty("items")[0];
        Assert.Equal(("FAILED", parent.Key.Sk + "#2"), (first.GetProperty("status").GetString(), first.GetProperty("sk").GetString()));
        Assert.Contains("fail permanently", first.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(failedFirst.GetProperty("next").GetString());
        var row = list.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("sfn", 4, 3), (row.GetProperty("kind").GetString(), row.GetProperty("progress").GetProperty("total").GetInt32(), row.GetProperty("progress").GetProperty("completed").GetInt32()));
    }

    [Fact]
    public async Task Overview_ShouldCountFromTheIndexAndGroupNotificationsPerTask()
    {
        var failing = (await Fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("web", "echo", JsonDocument.Parse("""{"fail":"permanent"}""").RootElement), CancellationToken.None)).Task;
        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await Fixture.Tasks.GetAsync(failing.Key, CancellationToken.None))!.Status == TrackedTaskStatus.Failed, TimeSpan.FromSeconds(30)));

        // The change feed relays the FAILED write after it happened: wait for its notification, not only for the row.
        JsonElement overview = default;
        Assert.True(await EngineFixture.EventuallyAsync(
            async () =>
            {
                overview = await Http.GetFromJsonAsync<JsonElement>("local/overview");
                return overview.GetProperty("notifications").EnumerateArray()
                    .Any(g => g.GetProperty("taskId").GetString() == failing.Id && g.GetProperty("status").GetString() == "FAILED");
            },
            TimeSpan.FromSeconds(30)));

        Assert.Equal(1, overview.GetProperty("tasks").GetProperty("FAILED").GetInt32());
        var group = overview.GetProperty("notifications").EnumerateArray().Single(g => g.GetProperty("taskId").GetString() == failing.Id);
        Assert.Equal("FAILED", group.GetProperty("status").GetString());
        Assert.Equal(["QUEUED", "PROCESSING", "FAILED"], group.GetProperty("latest").EnumerateArray().Reverse().Select(e => e.GetProperty("status").GetString()));
        Assert.Equal(1, overview.GetProperty("throughput").GetProperty("points").EnumerateArray().Sum(p => p[2].GetInt32()));
    }
}
