using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conveyor.Local.Queue;

namespace Conveyor.Local.Engine.Tests;

/// <summary>
/// Dead letters over the engine's real HTTP API: a message TaskWorker gives up on is listed with its cause and re-driven
/// once (a repeat moves nothing and answers the same re-drive); unknown ids and dead letters without a source queue are
/// refused in the API's error shape.
/// </summary>
public sealed class DeadLettersHttpTests : EngineHttpTest
{
    protected override EngineOptions Configure(EngineOptions options) => options with { VisibilityTimeout = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task DeadLetter_WhenTaskWorkerGaveUpOnIt_ShouldBeListedWithItsCauseAndRedrivenOnce()
    {
        var queues = Fixture.Get<EngineQueues>();
        var id = await queues.Tasks.SendAsync(new QueueSendRequest("""{"not":"a task message"}"""), CancellationToken.None);
        var letter = await ListedAsync(id);

        Assert.Equal(("conveyor-local-tasks-dlq", "conveyor-local-tasks", true), (Text(letter, "queue"), Text(letter, "sourceQueue"), letter.GetProperty("redrivable").GetBoolean()));
        Assert.Equal("PoisonMessageException", Text(letter.GetProperty("error"), "type"));
        Assert.Contains("is not a task-queue message", Text(letter.GetProperty("error"), "message"), StringComparison.Ordinal);
        Assert.Equal("a task message", Text(letter.GetProperty("body"), "not"));
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("taskId").ValueKind);

        using var first = await Http.PostAsync($"dead-letters/{id}/redrive", null);
        using var again = await Http.PostAsync($"dead-letters/{id}/redrive", null);
        var moved = await first.Content.ReadFromJsonAsync<JsonElement>();
        var repeat = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal((id, "conveyor-local-tasks", true), (Text(moved, "messageId"), Text(moved, "queue"), moved.GetProperty("moved").GetBoolean()));
        Assert.False(repeat.GetProperty("moved").GetBoolean());
        Assert.Equal(Text(moved, "redrivenAt"), Text(repeat, "redrivenAt"));
        // Still poison: it is delivered again and given up on again, with its cause (one row: it was moved, not copied).
        var back = await ListedAsync(id);
        Assert.Equal("PoisonMessageException", Text(back.GetProperty("error"), "type"));
        Assert.Single((await Http.GetFromJsonAsync<JsonElement>("dead-letters")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Redrive_WhenUnknownOrWithoutASourceQueue_ShouldAnswer404Or409InTheApiShape()
    {
        var stream = await Fixture.Get<EngineQueues>().StreamDeadLetters.SendAsync(new QueueSendRequest("""{"Records":[]}"""), CancellationToken.None);

        using var unknown = await Http.PostAsync("dead-letters/no-such-message/redrive", null);
        using var refused = await Http.PostAsync($"dead-letters/{stream}/redrive", null);
        using var wrongMethod = await Http.GetAsync($"dead-letters/{stream}/redrive");
        using var badToken = await Http.GetAsync("dead-letters?next=forged");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        HttpServerTests.AssertErrorShape(await unknown.Content.ReadAsStringAsync(), "NotFound");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        HttpServerTests.AssertErrorShape(await refused.Content.ReadAsStringAsync(), "NotRedrivable");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        var listed = Assert.Single((await Http.GetFromJsonAsync<JsonElement>("dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Equal(("stream-fan-out-dlq", false), (Text(listed, "queue"), listed.GetProperty("redrivable").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("error").ValueKind);
        Assert.Equal(1, (await Http.GetFromJsonAsync<JsonElement>("local/overview")).GetProperty("deadLetters").GetInt32());
    }

    private async Task<JsonElement> ListedAsync(string messageId)
    {
        JsonElement found = default;
        Assert.True(await EngineFixture.EventuallyAsync(async () =>
        {
            var page = await Http.GetFromJsonAsync<JsonElement>("dead-letters");
            found = page.GetProperty("items").EnumerateArray().FirstOrDefault(l => Text(l, "messageId") == messageId);
            return found.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30)), $"message {messageId} was never dead-lettered");
        return found;
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
