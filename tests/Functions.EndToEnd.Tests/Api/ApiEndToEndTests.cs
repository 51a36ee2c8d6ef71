using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Api;

public sealed class ApiEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private RunningFunction Function => Fixture.Function("Api");

    [Fact]
    public async Task Invoke_WhenTaskPosted_ShouldAnswer201AndStoreACreatedTask()
    {
        var result = await Function.InvokeFileAsync("api-create-task.json");

        var (status, body) = Response(result);
        Assert.Equal(201, status);
        var row = await Tasks.GetAsync(body.GetProperty("pk").GetString()!, body.GetProperty("sk").GetString()!);
        Assert.Equal("CREATED", row!["status"].S);
        Assert.Equal("echo", row["type"].S);
    }

    [Fact]
    public async Task Invoke_WhenRestApiPayloadV1EventArrives_ShouldFailNamingTheShapeInsteadOfAnswering404()
    {
        var result = await Function.InvokeFileAsync("api-rest-v1-list-tasks.json");

        Assert.True(result.IsError, result.Outcome.Body);
        Assert.Equal("InvalidEventException", result.Body.GetProperty("errorType").GetString());
        var message = result.Body.GetProperty("errorMessage").GetString()!;
        Assert.Contains("payload format 1.0", message, StringComparison.Ordinal);
        Assert.Contains("GET /tasks", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenStepFunctionTaskPosted_ShouldStoreItUnderItsOwnKeyPrefix()
    {
        var result = await Function.InvokeFileAsync("api-create-step-function-task.json");

        var (status, body) = Response(result);
        Assert.Equal(201, status);
        Assert.Equal("SFN_TASK#acme", body.GetProperty("pk").GetString());
        Assert.Single(await Tasks.PartitionAsync("SFN_TASK#acme"));
    }

    [Fact]
    public async Task Invoke_WhenStoredTaskRequested_ShouldReturnIt()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);

        var result = await Function.InvokeFileAsync("api-get-task.json");

        var (status, body) = Response(result);
        Assert.Equal(200, status);
        Assert.Equal("echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", body.GetProperty("sk").GetString());
        Assert.Equal("QUEUED", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invoke_WhenTasksListed_ShouldReturnTheTenantsTasks()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json");
        await Tasks.SeedFromStreamEventAsync("stream-insert-unknown-task.json", record: 1);

        var result = await Function.InvokeFileAsync("api-list-tasks.json");

        var (status, body) = Response(result);
        Assert.Equal(200, status);
        Assert.Equal(
            ["echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X8"],
            body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sk").GetString()).Order(StringComparer.Ordinal));
    }

    private static (int Status, JsonElement Body) Response(FunctionResult result)
    {
        Assert.False(result.IsError, result.Outcome.Body);
        var status = result.Body.GetProperty("statusCode").GetInt32();
        using var body = JsonDocument.Parse(result.Body.GetProperty("body").GetString()!);
        return (status, body.RootElement.Clone());
    }
}
