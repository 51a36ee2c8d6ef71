using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine.Tests.Workflows;

/// <summary>The asynchronous HTTP API of durable workflows on the engine's real HTTP server (the same ApiHandler as on AWS).</summary>
public sealed class WorkflowsHttpTests : EngineHttpTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("%PDF-1.7 offer"));
        await Fixture.Objects.PutAsync("documents", "offer.pdf", content, "application/pdf", CancellationToken.None);
    }

    [Fact]
    public async Task Workflow_WhenStartedPolledAndApprovedOverHttp_ShouldAnswer202ThenRunToSucceededOnce()
    {
        using var start = await PostAsync("workflows", Start("http-1"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("/workflows/http-1?tenant=default", start.Headers.Location!.OriginalString);
        Assert.Equal(TimeSpan.FromSeconds(2), start.Headers.RetryAfter!.Delta);
        var started = await JsonAsync(start);
        Assert.Equal(("http-1", "document-review", "RUNNING"), (Text(started, "name"), Text(started, "workflow"), Text(started, "status")));
        using (var again = await PostAsync("workflows", Start("http-1")))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(Text(started, "arn"), Text(await JsonAsync(again), "arn"));
        }

        var callbackId = await WaitForCallbackAsync("http-1");
        using (var running = await Http.GetAsync("workflows/http-1?tenant=default"))
        {
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
            Assert.NotNull(running.Headers.RetryAfter);
        }

        using (var answer = await PostAsync($"callbacks/{callbackId}/succeed?tenant=default", """{"Approved":true,"Reviewer":"bo"}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        JsonElement done = default;
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            using var status = await Http.GetAsync("workflows/http-1?tenant=default");
            done = await JsonAsync(status);
            return status.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30)));
        Assert.Equal("SUCCEEDED", Text(done, "status"));
        Assert.Equal("published", done.GetProperty("result").GetProperty("Outcome").GetString());
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            using var task = await Http.GetAsync("tasks/" + Uri.EscapeDataString(Text(done, "taskId")));
            return Text(await JsonAsync(task), "status") == "COMPLETED";
        }, TimeSpan.FromSeconds(30)));
        Assert.Single(await Fixture.ListAsync(TaskKind.Task), t => t.Type == "document-review");

        using var list = await Http.GetAsync("workflows?tenant=default&status=SUCCEEDED");
        Assert.Equal("http-1", Text((await JsonAsync(list)).GetProperty("items")[0], "name"));
        using var late = await PostAsync($"callbacks/{callbackId}/succeed?tenant=default", "{}");
        await AssertErrorAsync(late, HttpStatusCode.Conflict, "Conflict");
        using var stopEnded = await PostAsync("workflows/http-1/stop?tenant=default", string.Empty);
        await AssertErrorAsync(stopEnded, HttpStatusCode.Conflict, "Conflict");
    }

    [Fact]
    public async Task Workflow_WhenStoppedOverHttp_ShouldEndStoppedWithHistoryAndAFailedTask()
    {
        using (await PostAsync("workflows", Start("http-stop")))
        {
        }

        _ = await WaitForCallbackAsync("http-stop");
        using var stop = await PostAsync("workflows/http-stop/stop?tenant=default", """{"type":"Withdrawn","message":"no longer needed"}""");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var stopped = await JsonAsync(stop);
        Assert.Equal("STOPPED", Text(stopped, "status"));
        Assert.Equal("Withdrawn", stopped.GetProperty("error").GetProperty("type").GetString());

        using var history = await Http.GetAsync("workflows/http-stop/history?tenant=default");
        var operations = (await JsonAsync(history)).GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal("EXECUTION", Text(operations[0], "type"));
        Assert.Contains(operations, o => Text(o, "type") == "STEP" && Text(o, "name") == "extract" && Text(o, "status") == "SUCCEEDED");
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            using var task = await Http.GetAsync("tasks/" + Uri.EscapeDataString(Text(stopped, "taskId")));
            return Text(await JsonAsync(task), "status") == "FAILED";
        }, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("POST", "workflows", """{"tenant":"default","workflow":"no-such","name":"x","input":{}}""", HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData("POST", "workflows", """{"tenant":"default","workflow":"document-review","name":"a b","input":{}}""", HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData("POST", "workflows", """{"tenant":"default","workflow":"document-review","name":"n"}""", HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData("POST", "workflows", "", HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData("GET", "workflows/nothing?tenant=default", null, HttpStatusCode.NotFound, "NotFound")]
    [InlineData("GET", "workflows/nothing/history?tenant=default", null, HttpStatusCode.NotFound, "NotFound")]
    [InlineData("GET", "workflows?tenant=default&status=DONE", null, HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData("POST", "callbacks/bm90LWEtY2FsbGJhY2s/succeed?tenant=default", "{}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("POST", "callbacks/x/explode?tenant=default", "{}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("DELETE", "workflows", null, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed")]
    [InlineData("GET", "workflows/x/stop?tenant=default", null, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed")]
    public async Task Request_WhenBad_ShouldAnswerTheDocumentedErrorShape(string method, string path, string? body, HttpStatusCode status, string type)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);

        await AssertErrorAsync(response, status, type);
    }

    [Fact]
    public async Task Start_WhenTheNameComesBackWithAnotherInputOrForAnotherTenant_ShouldBeRefused()
    {
        using (await PostAsync("workflows", Start("http-dup")))
        {
        }

        using var otherInput = await PostAsync("workflows", Start("http-dup", key: "other.pdf"));
        await AssertErrorAsync(otherInput, (HttpStatusCode)422, "IdempotencyKeyReused");
        using var otherTenant = await PostAsync("workflows", Start("http-dup", tenant: "acme"));
        await AssertErrorAsync(otherTenant, HttpStatusCode.Conflict, "Conflict");
        using var foreign = await Http.GetAsync("workflows/http-dup?tenant=acme");
        await AssertErrorAsync(foreign, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Dashboard_WhenAWorkflowWaitsOnACallback_ShouldShowItsExecutionHistoryAndDurableCounts()
    {
        using (var start = await PostAsync("workflows", Start("dash-1")))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        var callbackId = await WaitForCallbackAsync("dash-1");
        var task = Assert.Single(await Fixture.ListAsync(TaskKind.Task), t => t.Type == "document-review");
        var waiting = await Http.GetFromJsonAsync<JsonElement>("local/tasks/" + Uri.EscapeDataString(task.Id));
        var overview = await Http.GetFromJsonAsync<JsonElement>("local/overview");

        var workflow = waiting.GetProperty("workflow");
        Assert.Equal(("dash-1", "document-review", "RUNNING", task.Id), (Text(workflow.GetProperty("execution"), "name"), Text(workflow.GetProperty("execution"), "workflow"), Text(workflow.GetProperty("execution"), "status"), Text(workflow.GetProperty("execution"), "taskId")));
        var operations = workflow.GetProperty("operations").EnumerateArray().ToList();
        var callback = Assert.Single(operations, o => Text(o, "type") == "CALLBACK");
        Assert.Equal(("STARTED", callbackId), (Text(callback, "status"), Text(callback, "callbackId")));
        Assert.Contains(operations, o => Text(o, "type") == "STEP" && Text(o, "status") == "SUCCEEDED" && o.GetProperty("endedAt").ValueKind == JsonValueKind.String);
        var counts = overview.GetProperty("durableExecutions");
        Assert.Equal(["RUNNING", "SUCCEEDED", "FAILED", "STOPPED", "TIMED_OUT"], counts.EnumerateObject().Select(p => p.Name));
        Assert.Equal((1, 0), (counts.GetProperty("RUNNING").GetInt32(), counts.GetProperty("SUCCEEDED").GetInt32()));

        using (var answer = await PostAsync($"callbacks/{callbackId}/succeed?tenant=default", """{"Approved":true,"Reviewer":"bo"}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        JsonElement ended = default;
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            ended = await Http.GetFromJsonAsync<JsonElement>("local/tasks/" + Uri.EscapeDataString(task.Id));
            return Text(ended.GetProperty("workflow").GetProperty("execution"), "status") == "SUCCEEDED";
        }, TimeSpan.FromSeconds(30)));
        var answered = Assert.Single(ended.GetProperty("workflow").GetProperty("operations").EnumerateArray(), o => Text(o, "type") == "CALLBACK");
        Assert.Equal("SUCCEEDED", Text(answered, "status"));
        Assert.True(answered.GetProperty("result").GetProperty("Approved").GetBoolean());
        counts = (await Http.GetFromJsonAsync<JsonElement>("local/overview")).GetProperty("durableExecutions");
        Assert.Equal((0, 1), (counts.GetProperty("RUNNING").GetInt32(), counts.GetProperty("SUCCEEDED").GetInt32()));
        var plain = (await Fixture.Tasks.CreateTaskAsync(new Core.Services.CreateTaskRequest("default", "echo", JsonDocument.Parse("{}").RootElement, Name: "dash-1"), CancellationToken.None)).Task;
        Assert.False((await Http.GetFromJsonAsync<JsonElement>("local/tasks/" + Uri.EscapeDataString(plain.Id))).TryGetProperty("workflow", out _));
    }

    private static string Start(string name, string key = "offer.pdf", string tenant = "default") =>
        $$$"""{"tenant":"{{{tenant}}}","workflow":"document-review","name":"{{{name}}}","input":{"Bucket":"documents","Key":"{{{key}}}","Tenant":"{{{tenant}}}","Owner":"o"}}""";

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<string> WaitForCallbackAsync(string name)
    {
        string? callbackId = null;
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            using var history = await Http.GetAsync($"workflows/{name}/history?tenant=default");
            var callback = (await JsonAsync(history)).GetProperty("operations").EnumerateArray()
                .FirstOrDefault(o => Text(o, "type") == "CALLBACK" && Text(o, "status") == "STARTED");
            callbackId = callback.ValueKind == JsonValueKind.Object ? Text(callback, "callbackId") : null;
            return callbackId is not null;
        }, TimeSpan.FromSeconds(30)));
        return callbackId!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        HttpServerTests.AssertErrorShape(body, type);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
