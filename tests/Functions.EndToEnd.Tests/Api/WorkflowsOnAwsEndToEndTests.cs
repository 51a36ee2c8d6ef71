using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Api;

/// <summary>
/// Durable workflows as they run on AWS, with the real executables: the Api function starts, shows, answers and stops
/// executions through the Lambda API (<c>LambdaDurableExecutionService</c>: Invoke with an execution name,
/// ListDurableExecutionsByFunction, GetDurableExecution, GetDurableExecutionHistory, SendDurableExecutionCallbackSuccess,
/// StopDurableExecution), served by the documented-protocol fake that also plays Lambda invoking the DocumentReview
/// process; the tasks live in moto's DynamoDB. Every call goes through the recording proxy (IAM evidence).
/// </summary>
public sealed class WorkflowsOnAwsEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private RunningFunction Api => Fixture.Function("Api");

    [Fact]
    public async Task Review_WhenStartedAndApprovedThroughTheApi_ShouldEndItsTaskCompletedByTheDurableFunctionHost()
    {
        await PutDocumentAsync("contract.pdf", 1200);
        var (started, execution) = await ApiAsync("POST", "/workflows", StartBody("review-e2e-1", "contract.pdf"));
        Assert.Equal(202, started);
        Assert.Equal("RUNNING", execution.GetProperty("status").GetString());
        Assert.Equal("document-review", execution.GetProperty("workflow").GetString());
        var arn = Assert.Single(Fixture.DurableService.ExecutionArns);
        Assert.Equal(arn, execution.GetProperty("arn").GetString());
        var (pk, sk) = KeyOf(execution.GetProperty("taskId").GetString()!);
        Assert.Equal("STARTED", await Tasks.StatusAsync(pk, sk));

        // Lambda invokes the function: the review runs to its approval callback and suspends.
        Assert.Equal(InvocationStatuses.Pending, (await InvokeReviewAsync(arn)).Status);
        var callbackId = await CallbackIdAsync("review-e2e-1");
        // The approval request names the execution: with ?execution= the Api reads that one history, and refuses a
        // callback the named execution does not hold.
        await ApiAsync("POST", "/workflows", StartBody("review-e2e-other", "contract.pdf"));
        var (elsewhere, _) = await ApiAsync("POST", "/callbacks/" + Uri.EscapeDataString(callbackId) + "/succeed?execution=review-e2e-other", """{"Approved":true}""");
        var callsBefore = Fixture.DurableService.Calls.Count;
        var (answered, _) = await ApiAsync("POST", "/callbacks/" + Uri.EscapeDataString(callbackId) + "/succeed?execution=" + Uri.EscapeDataString(arn), """{"Approved":true,"Reviewer":"ana"}""");
        Assert.Equal(404, elsewhere);
        Assert.Equal(204, answered);
        var historiesRead = Fixture.DurableService.Calls.Skip(callsBefore).Where(c => c.Method == "GET" && c.Path.EndsWith("/history", StringComparison.Ordinal))
            .Select(c => Uri.UnescapeDataString(c.Path.Split('/')[3])).Distinct().ToList();
        Assert.Equal([arn], historiesRead);

        // Lambda invokes it again, with only the first 2 of its operations in the envelope (as when the state passes one
        // page): the function pages the rest in, the review publishes, and the host writes the task before answering SUCCEEDED.
        var last = await InvokeReviewAsync(arn, pageSize: 2);
        Assert.Equal(InvocationStatuses.Succeeded, last.Status);
        Assert.Contains(Fixture.DurableService.Calls, c => c.Method == "GET" && c.Path.EndsWith("/state", StringComparison.Ordinal));
        Assert.Equal("COMPLETED", await Tasks.StatusAsync(pk, sk));
        Assert.Contains("published", (await Tasks.GetAsync(pk, sk))!["result"].S, StringComparison.Ordinal);
        var (shown, ended) = await ApiAsync("GET", "/workflows/review-e2e-1", null);
        Assert.Equal(200, shown);
        Assert.Equal("SUCCEEDED", ended.GetProperty("status").GetString());
        Assert.Equal("published", ended.GetProperty("result").GetProperty("Outcome").GetString());
    }

    [Fact]
    public async Task Review_WhenItsCallbackIsHeartbeatenThenFailedThroughTheApi_ShouldEndItsTaskFailedWithTheAnswersError()
    {
        await PutDocumentAsync("invoice.pdf", 300);
        var (_, execution) = await ApiAsync("POST", "/workflows", StartBody("review-e2e-3", "invoice.pdf"));
        var arn = execution.GetProperty("arn").GetString()!;
        var (pk, sk) = KeyOf(execution.GetProperty("taskId").GetString()!);
        Assert.Equal(InvocationStatuses.Pending, (await InvokeReviewAsync(arn)).Status);
        var callbackId = await CallbackIdAsync("review-e2e-3");

        var (heartbeat, _) = await ApiAsync("POST", "/callbacks/" + Uri.EscapeDataString(callbackId) + "/heartbeat", null);
        var (failed, _) = await ApiAsync("POST", "/callbacks/" + Uri.EscapeDataString(callbackId) + "/fail", """{"type":"WrongDocument","message":"not an invoice"}""");
        var (again, _) = await ApiAsync("POST", "/callbacks/" + Uri.EscapeDataString(callbackId) + "/heartbeat", null);

        Assert.Equal(204, heartbeat);
        Assert.Equal(204, failed);
        Assert.Equal(409, again);
        var last = await InvokeReviewAsync(arn);
        Assert.Equal(InvocationStatuses.Failed, last.Status);
        Assert.Equal("FAILED", await Tasks.StatusAsync(pk, sk));
        Assert.Contains("not an invoice", (await Tasks.GetAsync(pk, sk))!["error"].M["message"].S, StringComparison.Ordinal);
        var (_, ended) = await ApiAsync("GET", "/workflows/review-e2e-3", null);
        Assert.Equal(ExecutionStatuses.Failed, ended.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Workflow_WhenStoppedThroughTheApi_ShouldFailItsTaskWithTheReasonAndRefuseASecondStop()
    {
        await PutDocumentAsync("draft.pdf", 10);
        var (_, execution) = await ApiAsync("POST", "/workflows", StartBody("review-e2e-2", "draft.pdf"));
        var (pk, sk) = KeyOf(execution.GetProperty("taskId").GetString()!);

        var (stopped, body) = await ApiAsync("POST", "/workflows/review-e2e-2/stop", """{"type":"Withdrawn","message":"by ana"}""");
        var (again, _) = await ApiAsync("POST", "/workflows/review-e2e-2/stop", null);

        Assert.Equal(200, stopped);
        Assert.Equal(ExecutionStatuses.Stopped, body.GetProperty("status").GetString());
        Assert.Equal(409, again);
        Assert.Equal("FAILED", await Tasks.StatusAsync(pk, sk));
        var error = (await Tasks.GetAsync(pk, sk))!["error"].M;
        Assert.Equal(("Withdrawn", "by ana"), (error["type"].S, error["message"].S));
    }

    [Fact]
    public async Task Review_WhenItTimesOutWithoutInvokingTheFunction_ShouldBeFailedByTheScheduledReconcileSweep()
    {
        await PutDocumentAsync("late.pdf", 64);
        var (_, execution) = await ApiAsync("POST", "/workflows", StartBody("review-e2e-4", "late.pdf"));
        var arn = execution.GetProperty("arn").GetString()!;
        var (pk, sk) = KeyOf(execution.GetProperty("taskId").GetString()!);
        Assert.Equal(InvocationStatuses.Pending, (await InvokeReviewAsync(arn)).Status);
        Fixture.DurableService.TimeOut(arn);
        Assert.Equal("STARTED", await Tasks.StatusAsync(pk, sk));

        // EventBridge Scheduler fires the template's WorkflowReconcile schedule into ScheduleTarget.
        var sweep = await Fixture.Function("ScheduleTarget").InvokeFileAsync("schedule-reconcile-workflows.json");
        var again = await Fixture.Function("ScheduleTarget").InvokeFileAsync("schedule-reconcile-workflows.json");

        Assert.False(sweep.IsError, sweep.Outcome.Body);
        Assert.Equal(("reconcile-workflows", 1, 1), (sweep.Body.GetProperty("type").GetString(), sweep.Body.GetProperty("examined").GetInt32(), sweep.Body.GetProperty("reconciled").GetInt32()));
        Assert.Equal(0, again.Body.GetProperty("reconciled").GetInt32());
        Assert.Equal("FAILED", await Tasks.StatusAsync(pk, sk));
        Assert.Equal("ExecutionTimedOut", (await Tasks.GetAsync(pk, sk))!["error"].M["type"].S);
    }

    private static string StartBody(string name, string key) =>
        new JsonObject
        {
            ["workflow"] = "document-review",
            ["name"] = name,
            ["input"] = new JsonObject { ["Bucket"] = ConveyorStack.DocumentsBucket, ["Key"] = key, ["Tenant"] = "acme", ["Owner"] = "c-7" },
        }.ToJsonString();

    private async Task PutDocumentAsync(string key, int size) =>
        await Stack.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = ConveyorStack.DocumentsBucket,
            Key = key,
            InputStream = new MemoryStream(new byte[size]),
            ContentType = "application/pdf",
        });

    /// <summary>The id of the execution's one callback, from its history as the Api shows it.</summary>
    private async Task<string> CallbackIdAsync(string name)
    {
        var (_, history) = await ApiAsync("GET", "/workflows/" + name + "/history", null);
        return history.GetProperty("operations").EnumerateArray()
            .Single(o => o.GetProperty("type").GetString() == OperationTypes.Callback).GetProperty("callbackId").GetString()!;
    }

    /// <summary>Lambda's part: the next invocation envelope to the DocumentReview process, its answer back to the service.</summary>
    private async Task<DurableInvocationOutput> InvokeReviewAsync(string arn, int pageSize = DurableExecutionRules.DefaultPageSize)
    {
        var envelope = Fixture.DurableService.BeginInvocation(arn, pageSize);
        var result = await Fixture.Function("DocumentReview").InvokeAsync(Encoding.UTF8.GetString(DurableProtocolJson.Serialize(envelope)));
        Assert.False(result.IsError, $"DocumentReview failed the invocation: {result.Outcome.Body}");
        var output = DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(result.Outcome.Body), DurableProtocolJsonContext.Default.DurableInvocationOutput);
        Fixture.DurableService.Answer(arn, output);
        return output;
    }

    /// <summary>An HTTP API (payload 2.0) request to the Api process as API Gateway sends it, for tenant <c>acme</c>'s user.</summary>
    private async Task<(int Status, JsonElement Body)> ApiAsync(string method, string path, string? body)
    {
        var request = JsonNode.Parse(await File.ReadAllTextAsync(Repository.Event("api-create-task.json")))!;
        var routeKey = "ANY /" + path.TrimStart('/').Split('/')[0] + (path.Count(c => c == '/') > 1 ? "/{proxy+}" : "");
        var query = path.Contains('?', StringComparison.Ordinal) ? path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        path = path.Split('?')[0];
        request["routeKey"] = routeKey;
        request["rawPath"] = "/dev" + path;
        request["rawQueryString"] = query;
        request["requestContext"]!["routeKey"] = routeKey;
        request["requestContext"]!["http"]!["method"] = method;
        request["requestContext"]!["http"]!["path"] = "/dev" + path;
        request["body"] = body;
        var result = await Api.InvokeAsync(request.ToJsonString());
        Assert.False(result.IsError, result.Outcome.Body);
        var status = result.Body.GetProperty("statusCode").GetInt32();
        var text = result.Body.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(text) ? "{}" : text);
        return (status, document.RootElement.Clone());
    }

    private static (string Pk, string Sk) KeyOf(string taskId)
    {
        var second = taskId.IndexOf('#', taskId.IndexOf('#', StringComparison.Ordinal) + 1);
        return (taskId[..second], taskId[(second + 1)..]);
    }
}
