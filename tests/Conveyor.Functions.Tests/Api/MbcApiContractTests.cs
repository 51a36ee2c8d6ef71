using System.Text.Json;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Api;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Tests.Api;

/// <summary>
/// The MBC-compatible surface, replaying the requests and shapes of the MBC CQRS Serverless task package v1.2.5
/// (task.controller.ts, create-task.dto.ts, task.entity.ts, task-list.entity.ts, task.service.spec.ts).
/// </summary>
public sealed class MbcApiContractTests
{
    private const int MbcPageSize = 10; // DynamoDbService.listItemsByPk's default limit in MBC.

    private static readonly string[] EntityFields =
        ["id", "pk", "sk", "version", "code", "type", "name", "tenantCode", "status", "input", "requestId", "createdAt", "updatedAt", "createdBy", "updatedBy"];

    [Fact]
    public async Task PostTasks_WithMbcsCreateTaskDto_ShouldCreateAndAnswerMbcsTaskEntity()
    {
        // task.service.spec.ts createTask: {tenantCode:'MBC', taskType:'task-type', name:'task-name', input:{foo:'bar'}}.
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/tasks", """{"tenantCode":"MBC","taskType":"task-type","name":"task-name","input":{"foo":"bar"}}"""));

        Assert.Equal(201, response.StatusCode);
        var entity = Body(response);
        Assert.Equal(EntityFields, entity.EnumerateObject().Select(p => p.Name));
        Assert.Equal("TASK#MBC", entity.GetProperty("pk").GetString());
        Assert.Matches("^task-type#[0-9A-HJKMNP-TV-Z]{26}$", entity.GetProperty("sk").GetString());
        Assert.Equal($"{entity.GetProperty("pk").GetString()}#{entity.GetProperty("sk").GetString()}", entity.GetProperty("id").GetString());
        Assert.Equal(entity.GetProperty("sk").GetString()!.Split('#')[1], entity.GetProperty("code").GetString());
        Assert.Equal(("task-type", "task-name", "MBC", "CREATED"), (entity.GetProperty("type").GetString(), entity.GetProperty("name").GetString(), entity.GetProperty("tenantCode").GetString(), entity.GetProperty("status").GetString()));
        Assert.Equal("bar", entity.GetProperty("input").GetProperty("foo").GetString());
        Assert.Equal("user-7", entity.GetProperty("updatedBy").GetString());
        Assert.Equal("/tasks/TASK%23MBC/" + Uri.EscapeDataString(entity.GetProperty("sk").GetString()!), response.Headers!["location"]);
    }

    [Fact]
    public async Task PostStepFunctionTask_WithMbcsDto_ShouldStoreUnderSfnTaskAndDefaultTheNameToTheType()
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks/step-function-task", """{"tenantCode":"tenant-code","taskType":"csv-import","input":[{"email":"a@x.io"},{"email":"b@x.io"}]}"""));

        Assert.Equal(201, response.StatusCode);
        var entity = Body(response);
        Assert.Equal("SFN_TASK#tenant-code", entity.GetProperty("pk").GetString());
        Assert.Equal("csv-import", entity.GetProperty("name").GetString());
        var stored = await harness.GetTaskAsync(new TaskKey(entity.GetProperty("pk").GetString()!, entity.GetProperty("sk").GetString()!));
        Assert.Equal(TaskKind.StepFunction, stored.Kind);
    }

    [Fact]
    public async Task PostTasks_WithConveyorsNamesOrAliases_ShouldAnswerInTheBodysShapeAndRefuseConflicts()
    {
        using var harness = new FunctionsHarness();

        var conveyor = Body(await HandleAsync(harness, Request("POST", "/tasks", """{"tenant":"acme","taskType":"echo","input":{}}""")));
        var conflict = await HandleAsync(harness, Request("POST", "/tasks", """{"tenant":"acme","tenantCode":"other","type":"echo","input":{}}"""));

        Assert.Equal("acme", conveyor.GetProperty("tenant").GetString()); // Conveyor's name used: Conveyor's shape.
        Assert.Equal(400, conflict.StatusCode);
        Assert.Contains("tenantCode", conflict.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetByPkAndSk_ShouldAnswerTheEntityWithResultUnderAttributesAnd404WhenMissing()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", """{"n":1}""", tenant: "MBC");
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: JsonDocument.Parse("""{"n":1}""").RootElement.Clone()), CancellationToken.None);

        var found = await HandleAsync(harness, Request("GET", $"/tasks/{Uri.EscapeDataString(task.Key.Pk)}/{Uri.EscapeDataString(task.Key.Sk)}"));
        var missing = await HandleAsync(harness, Request("GET", "/tasks/TASK%23MBC/echo%2301KAQ6Z7D2V8Y3R5N4M1B0C9X7"));

        Assert.Equal(200, found.StatusCode);
        var entity = Body(found);
        Assert.Equal(1, entity.GetProperty("attributes").GetProperty("result").GetProperty("n").GetInt32());
        Assert.False(entity.TryGetProperty("result", out _));
        Assert.Equal(4, entity.GetProperty("version").GetInt64()); // Conveyor counts writes; MBC stays at 0.
        Assert.Equal(404, missing.StatusCode); // MBC answers 200 with an empty entity.
    }

    [Fact]
    public async Task ListByTenantCode_ShouldAnswerTenOldestFirstWithLastSk()
    {
        using var harness = new FunctionsHarness();
        var created = new List<TrackedTask>();
        for (var i = 0; i < 12; i++)
        {
            created.Add(await harness.CreateTaskAsync("echo", "{}", tenant: "MBC"));
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var page = Body(await HandleAsync(harness, Request("GET", "/tasks/MBC", query: new() { ["type"] = "TASK" })));
        var sfn = Body(await HandleAsync(harness, Request("GET", "/tasks/MBC", query: new() { ["type"] = "SFN_TASK" })));
        var badType = await HandleAsync(harness, Request("GET", "/tasks/MBC", query: new() { ["type"] = "OTHER" }));

        Assert.Equal(created.Take(MbcPageSize).Select(t => t.Key.Sk), page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sk").GetString()));
        Assert.Equal(created[MbcPageSize - 1].Key.Sk, page.GetProperty("lastSk").GetString());
        Assert.Equal("MBC", page.GetProperty("items")[0].GetProperty("tenantCode").GetString());
        Assert.Empty(sfn.GetProperty("items").EnumerateArray());
        Assert.False(sfn.TryGetProperty("lastSk", out _)); // undefined in MBC: left out.
        Assert.Equal(400, badType.StatusCode);
    }

    [Fact]
    public async Task ConveyorRoutes_ShouldStillAnswerNextToMbcs()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", "{}");

        var byId = await HandleAsync(harness, Request("GET", "/tasks/" + Uri.EscapeDataString(task.Id)));
        var wrongMethod = await HandleAsync(harness, Request("GET", "/tasks/step-function-task"));

        Assert.Equal("acme", Body(byId).GetProperty("tenant").GetString());
        Assert.Equal(405, wrongMethod.StatusCode);
        Assert.Equal("POST", wrongMethod.Headers!["allow"]);
    }

    private static JsonElement Body(HttpApiResponse response)
    {
        using var document = JsonDocument.Parse(response.Body!);
        return document.RootElement.Clone();
    }

    private static HttpApiRequest Request(string method, string rawPath, string? body = null, Dictionary<string, string>? query = null) => new()
    {
        RawPath = rawPath,
        RawQueryString = query is null ? "" : string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")),
        QueryStringParameters = query,
        Body = body,
        RequestContext = new HttpApiRequestContext
        {
            RequestId = "req-mbc-1",
            Stage = "dev",
            Http = new HttpApiHttpDescription { Method = method, Path = rawPath },
            // A token without custom:tenant acts for a tenant only with the cross-tenant scope (see ApiCaller).
            Authorizer = new HttpApiAuthorizer { Jwt = new HttpApiJwtDescription { Claims = new Dictionary<string, string> { ["sub"] = "user-7" }, Scopes = [ApiCaller.CrossTenantScope] } },
        },
    };

    private static Task<HttpApiResponse> HandleAsync(FunctionsHarness harness, HttpApiRequest request) =>
        harness.Get<ApiHandler>().HandleAsync(request, FunctionsHarness.Context(), CancellationToken.None);
}
