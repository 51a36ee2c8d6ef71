using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.Api;

public sealed class ApiHandlerTests
{
    [Fact]
    public async Task InvokeAsync_WhenCreatingATask_ShouldAnswer201WithTheTask()
    {
        using var harness = new FunctionsHarness();

        var response = await InvokeRecordedAsync(harness, "api-create-task.json");

        Assert.Equal(201, response.StatusCode);
        using var body = JsonDocument.Parse(response.Body!);
        var task = body.RootElement;
        Assert.Equal("CREATED", task.GetProperty("status").GetString());
        Assert.Equal("TASK#acme", task.GetProperty("pk").GetString());
        Assert.Equal("echo", task.GetProperty("type").GetString());
        Assert.Equal("hello", task.GetProperty("input").GetProperty("message").GetString());
        Assert.Equal("user-42", task.GetProperty("createdBy").GetString());
        Assert.Equal("JKJaXmPLvHcESHA=", task.GetProperty("requestId").GetString());
        Assert.Equal("/tasks/" + Uri.EscapeDataString(task.GetProperty("id").GetString()!), response.Headers!["location"]);
    }

    [Fact]
    public async Task InvokeAsync_WhenTheEventIsRestApiPayloadV1_ShouldRejectItNamingTheShape()
    {
        using var harness = new FunctionsHarness();

        var error = await Assert.ThrowsAsync<Lambda.ExceptionHandling.InvalidEventException>(() => InvokeRecordedAsync(harness, "api-rest-v1-list-tasks.json"));

        Assert.Contains("payload format 1.0 (REST API) event for GET /tasks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenCreatingAStepFunctionTask_ShouldStoreItUnderSfnTask()
    {
        using var harness = new FunctionsHarness();

        var response = await InvokeRecordedAsync(harness, "api-create-step-function-task.json");

        Assert.Equal(201, response.StatusCode);
        using var body = JsonDocument.Parse(response.Body!);
        Assert.Equal("SFN_TASK#acme", body.RootElement.GetProperty("pk").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("input").GetArrayLength());
    }

    [Fact]
    public async Task HandleAsync_WhenTheIdempotencyKeyRepeats_ShouldAnswer200WithTheFirstTask()
    {
        using var harness = new FunctionsHarness();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "order-77" };
        var request = Request("POST", "/dev/tasks", body: """{"type":"echo","input":{}}""", headers: headers);

        var first = await HandleAsync(harness, request);
        var second = await HandleAsync(harness, request);

        Assert.Equal(201, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(Id(first), Id(second));
        Assert.Single((await harness.Tasks.ListAsync(new("acme"), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task InvokeAsync_WhenGettingAStoredTask_ShouldAnswerItByItsUrlEncodedId()
    {
        using var harness = new FunctionsHarness();
        var key = new TaskKey("TASK#acme", "echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");
        await harness.Store.CreateAsync(
            new TrackedTask
            {
                Key = key, Tenant = "acme", Type = "echo", Name = "echo", Status = TrackedTaskStatus.Created,
                Input = JsonSerializer.Deserialize("{}", FreeFormEventJsonContext.Default.JsonElement),
                Version = 1, CreatedAt = harness.Clock.GetUtcNow(), UpdatedAt = harness.Clock.GetUtcNow(),
            },
            null,
            CancellationToken.None);

        var response = await InvokeRecordedAsync(harness, "api-get-task.json");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(key.Id, Id(response));
    }

    [Fact]
    public async Task HandleAsync_WhenTheTaskDoesNotExist_ShouldAnswer404WithTheErrorShape()
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("GET", "/dev/tasks/" + Uri.EscapeDataString("TASK#acme#echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7")));

        Assert.Equal(404, response.StatusCode);
        AssertError(response, ApiErrorTypes.NotFound);
    }

    [Fact]
    public async Task HandleAsync_WhenListingPageByPage_ShouldReturnEveryTaskOnceAndEndWithNullNext()
    {
        using var harness = new FunctionsHarness();
        for (var i = 0; i < 3; i++)
        {
            await harness.CreateTaskAsync("echo", $$"""{"n":{{i}}}""");
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await HandleAsync(harness, Request("GET", "/dev/tasks", query: new() { ["tenant"] = "acme", ["kind"] = "task", ["limit"] = "2", ["order"] = "asc" }));
        using var firstBody = JsonDocument.Parse(first.Body!);
        var next = firstBody.RootElement.GetProperty("next").GetString();
        var second = await HandleAsync(harness, Request("GET", "/dev/tasks", query: new() { ["limit"] = "2", ["order"] = "asc", ["next"] = next! }));
        using var secondBody = JsonDocument.Parse(second.Body!);

        Assert.Equal(200, first.StatusCode);
        var inputs = firstBody.RootElement.GetProperty("items").EnumerateArray()
            .Concat(secondBody.RootElement.GetProperty("items").EnumerateArray())
            .Select(t => t.GetProperty("input").GetProperty("n").GetInt32());
        Assert.Equal([0, 1, 2], inputs);
        Assert.Equal(JsonValueKind.Null, secondBody.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task InvokeAsync_WhenListingWithTheRecordedRequest_ShouldListTheTenantsTasksNewestFirst()
    {
        using var harness = new FunctionsHarness();
        var older = await harness.CreateTaskAsync("echo", "{}");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await harness.CreateTaskAsync("echo", "{}");
        await harness.CreateTaskAsync("echo", "{}", tenant: "other");

        var response = await InvokeRecordedAsync(harness, "api-list-tasks.json");

        using var body = JsonDocument.Parse(response.Body!);
        Assert.Equal([newer.Id, older.Id], body.RootElement.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task HandleAsync_WhenAskingForSubTasksAndProgress_ShouldAnswerThemForAStepFunctionTask()
    {
        using var harness = new FunctionsHarness();
        var parent = await StepFunctionFixture.StartedParentAsync(harness, """[{"email":"a@x"},{"email":""}]""");
        await harness.Get<Conveyor.Functions.MapItem.MapItemHandler>().HandleAsync(StepFunctionFixture.Item(parent, 0), FunctionsHarness.Context(), CancellationToken.None);
        var id = Uri.EscapeDataString(parent.Id);

        var subTasks = await HandleAsync(harness, Request("GET", $"/tasks/{id}/subtasks", stage: null));
        var progress = await HandleAsync(harness, Request("GET", $"/dev/tasks/{id}/progress"));

        using var subTasksBody = JsonDocument.Parse(subTasks.Body!);
        Assert.Equal(["COMPLETED", "CREATED"], subTasksBody.RootElement.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        using var progressBody = JsonDocument.Parse(progress.Body!);
        Assert.Equal(2, progressBody.RootElement.GetProperty("subTaskCount").GetInt32());
        Assert.Equal(1, progressBody.RootElement.GetProperty("subTaskSucceedCount").GetInt32());
        Assert.Equal(0, progressBody.RootElement.GetProperty("subTaskRunningCount").GetInt32()); // PROCESSING only, as in MBC
        Assert.Equal(1, progressBody.RootElement.GetProperty("subTaskPendingCount").GetInt32()); // the CREATED one
    }

    [Fact]
    public async Task HandleAsync_WhenReadingTasks_ShouldAlwaysCarryTheAttributesKey()
    {
        using var harness = new FunctionsHarness();
        var single = await harness.CreateTaskAsync("echo", "{}");
        var parent = await StepFunctionFixture.StartedParentAsync(harness, """[{"email":"a@x"},{"email":"b@x"}]""");

        using var singleBody = JsonDocument.Parse((await HandleAsync(harness, Request("GET", "/tasks/" + Uri.EscapeDataString(single.Id), stage: null))).Body!);
        using var parentBody = JsonDocument.Parse((await HandleAsync(harness, Request("GET", "/tasks/" + Uri.EscapeDataString(parent.Id), stage: null))).Body!);
        using var listBody = JsonDocument.Parse((await HandleAsync(harness, Request("GET", "/tasks", query: new() { ["kind"] = "sfn" }, stage: null))).Body!);

        // A single task: the key is there, null. A running parent: its live progress summary (not stored until it ends).
        Assert.Equal(JsonValueKind.Null, singleBody.RootElement.GetProperty("attributes").ValueKind);
        Assert.Equal(2, parentBody.RootElement.GetProperty("attributes").GetProperty("subTaskCount").GetInt32());
        Assert.Equal(2, parentBody.RootElement.GetProperty("attributes").GetProperty("subTaskPendingCount").GetInt32());
        var listed = Assert.Single(listBody.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("attributes").GetProperty("subTaskCount").GetInt32());
    }

    [Theory]
    [InlineData("POST", "/dev/tasks", "{not json", null)]
    [InlineData("POST", "/dev/tasks", """{"input":{}}""", null)]
    [InlineData("POST", "/dev/tasks", """{"type":"echo"}""", null)]
    [InlineData("POST", "/dev/tasks", """{"type":"csv-import","input":[],"stepFunction":true}""", null)]
    [InlineData("GET", "/dev/tasks", null, "limit=0")]
    [InlineData("GET", "/dev/tasks", null, "kind=everything")]
    [InlineData("GET", "/dev/tasks", null, "next=forged-token")]
    [InlineData("GET", "/dev/tasks/not-a-task-id", null, null)]
    public async Task HandleAsync_WhenInputIsBad_ShouldAnswer400(string method, string path, string? body, string? rawQuery)
    {
        using var harness = new FunctionsHarness();
        var request = Request(method, path, body) with { RawQueryString = rawQuery ?? "", QueryStringParameters = null };

        var response = await HandleAsync(harness, request);

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
    }

    [Fact]
    public async Task HandleAsync_WhenTheMethodIsWrong_ShouldAnswer405WithAllow()
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("DELETE", "/dev/tasks"));

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, POST", response.Headers!["allow"]);
        AssertError(response, ApiErrorTypes.MethodNotAllowed);
    }

    [Theory]
    [InlineData("/dev/orders")]
    [InlineData("/dev/tasks/a/b/c")]
    [InlineData("/dev/tasks/TASK%23acme%23echo%2301KAQ6Z7D2V8Y3R5N4M1B0C9X7/history")]
    public async Task HandleAsync_WhenTheRouteIsUnknown_ShouldAnswer404(string path)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("GET", path));

        Assert.Equal(404, response.StatusCode);
        AssertError(response, ApiErrorTypes.NotFound);
    }

    [Theory]
    [InlineData("GET", "/dev/dead-letters")]
    [InlineData("POST", "/dev/dead-letters/6f1c2a9e-0000-4000-8000-000000000001/redrive")]
    public async Task HandleAsync_WhenTheHostKeepsNoDeadLetters_ShouldAnswer501SayingWhatAppliesOnAws(string method, string path)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request(method, path));

        Assert.Equal(501, response.StatusCode);
        AssertError(response, ApiErrorTypes.NotAvailable);
        Assert.Contains("StartMessageMoveTask", response.Body!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/dead-letters/some-id")]
    [InlineData("/dev/dead-letters/some-id/retry")]
    public async Task HandleAsync_WhenADeadLetterPathIsNoRoute_ShouldAnswer404(string path)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", path));

        Assert.Equal(404, response.StatusCode);
        AssertError(response, ApiErrorTypes.NotFound);
    }

    [Fact]
    public async Task HandleAsync_WhenTheBodyNamesAnotherTenantThanTheToken_ShouldAnswer403()
    {
        using var harness = new FunctionsHarness();

        var create = await HandleAsync(harness, Request("POST", "/dev/tasks", """{"tenant":"other","type":"echo","input":{}}"""));
        var list = await HandleAsync(harness, Request("GET", "/dev/tasks", query: new() { ["tenant"] = "other" }));
        var get = await HandleAsync(harness, Request("GET", "/dev/tasks/" + Uri.EscapeDataString("TASK#other#echo#01KAQ6Z7D2V8Y3R5N4M1B0C9X7")));

        Assert.All([create, list, get], r => Assert.Equal(403, r.StatusCode));
        AssertError(create, ApiErrorTypes.Forbidden);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task HandleAsync_WhenTheTokenHasNoTenantAndNoCrossTenantScope_ShouldAnswer403AndStoreNothing()
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/tasks", """{"tenant":"beta","type":"echo","input":{}}""", tenantClaim: null, stage: null));

        Assert.Equal(403, response.StatusCode);
        AssertError(response, ApiErrorTypes.Forbidden);
        Assert.Contains(ApiCaller.CrossTenantScope, response.Body!, StringComparison.Ordinal);
        Assert.Equal(0, harness.Store.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HandleAsync_WhenTheTokenHasTheCrossTenantScopeOrThereIsNoToken_ShouldUseTheRequestedTenant(bool token)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request(
            "POST", "/tasks", """{"tenant":"beta","type":"echo","input":{}}""", tenantClaim: null, stage: null, scopes: ["openid", ApiCaller.CrossTenantScope], token: token));

        Assert.Equal(201, response.StatusCode);
        Assert.StartsWith("TASK#beta#", Id(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenSomethingUnexpectedFails_ShouldAnswer500WithoutInternals()
    {
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskStore>(new BrokenStore()));

        var response = await HandleAsync(harness, Request("GET", "/dev/tasks"));

        Assert.Equal(500, response.StatusCode);
        AssertError(response, ApiErrorTypes.Internal);
        Assert.DoesNotContain("connection string", response.Body!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tenant":"a\ud800b","type":"echo","input":{}}""", "string")]
    [InlineData("""{"type":"echo","input":{"text":"x\udc00"}}""", "string")]
    [InlineData("""{"type":"echo","input":{"k\ud83d":1}}""", "property name")]
    public async Task HandleAsync_WhenTheBodyHasALoneSurrogate_ShouldAnswer400AndStoreNothing(string body, string where)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks", body, tenantClaim: null, token: false));

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
        Assert.Contains($"{where} with a lone UTF-16 surrogate", response.Body!, StringComparison.Ordinal);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task HandleAsync_WhenTheBodyIsNotValidUtf8_ShouldAnswer400InsteadOfStoringReplacementCharacters()
    {
        using var harness = new FunctionsHarness();
        byte[] bytes = [.. "{\"type\":\"echo\",\"input\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var request = Request("POST", "/dev/tasks", Convert.ToBase64String(bytes)) with { IsBase64Encoded = true };

        var response = await HandleAsync(harness, request);

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
        Assert.Contains("not valid UTF-8", response.Body!, StringComparison.Ordinal);
        Assert.Equal(0, harness.Store.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task HandleAsync_WhenAPostHasNoBody_ShouldAnswer400InTheErrorShape(string? body)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks", body));

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
    }

    [Fact]
    public async Task HandleAsync_WhenTheInputIsOverThePolicy_ShouldAnswer413()
    {
        using var harness = new FunctionsHarness();
        var body = $$$"""{"type":"echo","input":{"blob":"{{{new string('x', PayloadLimits.MaxInputBytes)}}}"}}""";

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks", body));

        Assert.Equal(413, response.StatusCode);
        AssertError(response, ApiErrorTypes.PayloadTooLarge);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task HandleAsync_WhenTheBodyIsOverTheRequestLimit_ShouldAnswer413BeforeParsing()
    {
        using var harness = new FunctionsHarness();
        var body = $$"""{"type":"echo","input":"{{new string('x', PayloadLimits.MaxRequestBodyBytes)}}"}""";

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks", body));

        Assert.Equal(413, response.StatusCode);
        AssertError(response, ApiErrorTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task HandleAsync_WhenAnIdempotencyKeyIsReusedWithAnotherBody_ShouldAnswer422AndKeepTheFirstTask()
    {
        using var harness = new FunctionsHarness();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "order-78" };

        var first = await HandleAsync(harness, Request("POST", "/dev/tasks", """{"type":"echo","input":{"n":1}}""", headers: headers));
        var second = await HandleAsync(harness, Request("POST", "/dev/tasks", """{"type":"echo","input":{"n":2}}""", headers: headers));

        Assert.Equal(201, first.StatusCode);
        Assert.Equal(422, second.StatusCode);
        AssertError(second, ApiErrorTypes.IdempotencyKeyReused);
        Assert.Contains(Id(first), second.Body!, StringComparison.Ordinal);
        Assert.Equal(1, harness.Store.Count);
    }

    [Theory]
    [InlineData("\uFEFFacme")]
    [InlineData("ac\u200Bme")]
    [InlineData("acme\u202E")]
    public async Task HandleAsync_WhenTheTenantHasInvisibleCharacters_ShouldAnswer400(string tenant)
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/tasks", $$$"""{"tenant":"{{{tenant}}}","type":"echo","input":{}}""", tenantClaim: null, stage: null, token: false));

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task HandleAsync_WhenTheTenantQueryParameterRepeats_ShouldAnswer400InsteadOfJoiningThem()
    {
        using var harness = new FunctionsHarness();
        var request = Request("GET", "/tasks", tenantClaim: null, stage: null, token: false) with
        {
            RawQueryString = "tenant=a&tenant=b",
            QueryStringParameters = new Dictionary<string, string> { ["tenant"] = "a,b" },
        };

        var response = await HandleAsync(harness, request);

        Assert.Equal(400, response.StatusCode);
        AssertError(response, ApiErrorTypes.Validation);
        Assert.Contains("more than once", response.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenInputHasPlusAccentsAndAngleBrackets_ShouldAnswerThemAsWrittenNotAsUnicodeEscapes()
    {
        using var harness = new FunctionsHarness();

        var response = await HandleAsync(harness, Request("POST", "/dev/tasks", """{"type":"echo","name":"a+b été <x>","input":{"phone":"+33 1 23"}}"""));

        Assert.Equal(201, response.StatusCode);
        Assert.Contains("\"name\":\"a+b été <x>\"", response.Body!, StringComparison.Ordinal);
        Assert.Contains("\"phone\":\"+33 1 23\"", response.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", response.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenRetryingAFailedTask_ShouldAnswer201ThenTheSameTaskWith200AndRefuseOthers()
    {
        using var harness = new FunctionsHarness();
        var task = await harness.CreateTaskAsync("echo", """{"n":1}""");
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(task.Key, TrackedTaskStatus.Failed, new Core.Services.TaskStatusDetails(Error: new TaskError("Boom", "x")), CancellationToken.None);
        var running = await harness.CreateTaskAsync("echo", """{"n":2}""");
        var path = "/dev/tasks/" + Uri.EscapeDataString(task.Id) + "/retry";

        var first = await HandleAsync(harness, Request("POST", path));
        var second = await HandleAsync(harness, Request("POST", path));
        var notFailed = await HandleAsync(harness, Request("POST", "/dev/tasks/" + Uri.EscapeDataString(running.Id) + "/retry"));
        var otherTenant = await HandleAsync(harness, Request("POST", path, tenantClaim: "globex"));
        var wrongMethod = await HandleAsync(harness, Request("GET", path));

        Assert.Equal((201, 200), (first.StatusCode, second.StatusCode));
        Assert.Equal(Id(first), Id(second));
        Assert.NotEqual(task.Id, Id(first));
        Assert.Equal("/tasks/" + Uri.EscapeDataString(Id(first)), first.Headers!["location"]);
        Assert.Equal(409, notFailed.StatusCode);
        AssertError(notFailed, ApiErrorTypes.NotRetryable);
        Assert.Equal(403, otherTenant.StatusCode);
        Assert.Equal(405, wrongMethod.StatusCode);
        Assert.Equal(3, (await harness.Tasks.ListAsync(new("acme"), CancellationToken.None)).Items.Count);
    }

    internal static HttpApiRequest Request(
        string method,
        string rawPath,
        string? body = null,
        Dictionary<string, string>? query = null,
        Dictionary<string, string>? headers = null,
        string? tenantClaim = "acme",
        string? stage = "dev",
        IReadOnlyList<string>? scopes = null,
        bool token = true)
    {
        var claims = new Dictionary<string, string> { ["sub"] = "user-7" };
        if (tenantClaim is not null)
        {
            claims["custom:tenant"] = tenantClaim;
        }

        return new HttpApiRequest
        {
            RawPath = rawPath,
            RawQueryString = query is null ? "" : string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")),
            QueryStringParameters = query,
            Headers = headers,
            Body = body,
            RequestContext = new HttpApiRequestContext
            {
                RequestId = "req-api-1",
                Stage = stage,
                Http = new HttpApiHttpDescription { Method = method, Path = rawPath },
                Authorizer = token ? new HttpApiAuthorizer { Jwt = new HttpApiJwtDescription { Claims = claims, Scopes = scopes } } : null,
            },
        };
    }

    internal static Task<HttpApiResponse> HandleAsync(FunctionsHarness harness, HttpApiRequest request) =>
        harness.Get<ApiHandler>().HandleAsync(request, FunctionsHarness.Context(), CancellationToken.None);

    private static async Task<HttpApiResponse> InvokeRecordedAsync(FunctionsHarness harness, string eventFile)
    {
        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<ApiHandler>(), eventFile);
        return JsonSerializer.Deserialize(bytes.Span, HttpApiJsonContext.Default.HttpApiResponse)!;
    }

    private static string Id(HttpApiResponse response)
    {
        using var body = JsonDocument.Parse(response.Body!);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static void AssertError(HttpApiResponse response, string type)
    {
        using var body = JsonDocument.Parse(response.Body!);
        Assert.Equal(type, body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal("req-api-1", body.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("application/json", response.Headers!["content-type"]);
    }

    private sealed class BrokenStore : ITaskStore
    {
        public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken) => throw Broken();

        public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken) => throw Broken();

        public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken) => throw Broken();

        public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken) => throw Broken();

        public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken) => throw Broken();

        private static InvalidOperationException Broken() => new("The connection string Server=db;Password=hunter2 was rejected.");
    }
}
