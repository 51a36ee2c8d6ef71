using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Api;

/// <summary>
/// MBC's routes and shapes (MBC CQRS Serverless task package v1.2.5) through the Api function's real executable on moto:
/// the recorded API Gateway events under events/api-mbc-*.json.
/// </summary>
public sealed class MbcApiEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private RunningFunction Function => Fixture.Function("Api");

    [Fact]
    public async Task Invoke_WhenMbcsStepFunctionTaskPosted_ShouldStoreItAndAnswerMbcsTaskEntity()
    {
        var result = await Function.InvokeFileAsync("api-mbc-create-step-function-task.json");

        var (status, body) = Response(result);
        Assert.Equal(201, status);
        Assert.Equal(
            ["id", "pk", "sk", "version", "code", "type", "name", "tenantCode", "status", "input", "requestId", "createdAt", "updatedAt", "createdBy", "updatedBy"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("SFN_TASK#acme", "acme", "import customers", "CREATED"), (body.GetProperty("pk").GetString(), body.GetProperty("tenantCode").GetString(), body.GetProperty("name").GetString(), body.GetProperty("status").GetString()));
        var row = await Tasks.GetAsync(body.GetProperty("pk").GetString()!, body.GetProperty("sk").GetString()!);
        Assert.Equal("CREATED", row!["status"].S);
    }

    [Fact]
    public async Task Invoke_WhenMbcsGetByPkAndSk_ShouldAnswerTheStoredTaskInMbcsShape()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json", status: "QUEUED", version: 2);

        var result = await Function.InvokeFileAsync("api-mbc-get-task.json");

        var (status, body) = Response(result);
        Assert.Equal(200, status);
        Assert.Equal(("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "QUEUED", "acme"),
            (body.GetProperty("pk").GetString(), body.GetProperty("sk").GetString(), body.GetProperty("code").GetString(), body.GetProperty("status").GetString(), body.GetProperty("tenantCode").GetString()));
        Assert.False(body.TryGetProperty("tenant", out _));
    }

    [Fact]
    public async Task Invoke_WhenMbcsListByTenantCode_ShouldAnswerItemsOldestFirstWithoutLastSkOnTheLastPage()
    {
        await Tasks.SeedFromStreamEventAsync("stream-insert-task.json");
        await Tasks.SeedFromStreamEventAsync("stream-insert-unknown-task.json", record: 1);

        var result = await Function.InvokeFileAsync("api-mbc-list-tasks.json");

        var (status, body) = Response(result);
        Assert.Equal(200, status);
        Assert.Equal(["echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X8"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sk").GetString()));
        Assert.False(body.TryGetProperty("lastSk", out _));
    }

    private static (int Status, JsonElement Body) Response(FunctionResult result)
    {
        Assert.False(result.IsError, result.Outcome.Body);
        var status = result.Body.GetProperty("statusCode").GetInt32();
        using var body = JsonDocument.Parse(result.Body.GetProperty("body").GetString()!);
        return (status, body.RootElement.Clone());
    }
}
