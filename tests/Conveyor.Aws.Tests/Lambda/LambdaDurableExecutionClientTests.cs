using System.Net;
using System.Text;
using Conveyor.Aws.Lambda;
using Conveyor.Durable;
using Conveyor.Aws.Tests.Http;
using Conveyor.Durable.Protocol;

namespace Conveyor.Aws.Tests.Lambda;

/// <summary>Wire shapes of the durable execution API as the Lambda API reference documents them (2025-12-01).</summary>
public sealed class LambdaDurableExecutionClientTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:DocumentReview:3/durable-execution/review-42/7d0b7c1e";
    private const string EncodedArn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3ADocumentReview%3A3%2Fdurable-execution%2Freview-42%2F7d0b7c1e";

    [Fact]
    public async Task CheckpointAsync_WhenCalled_ShouldPostTheDocumentedBodyAndParseTheNewToken()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, """
            {"CheckpointToken":"dG9rZW4tMg==","NewExecutionState":{"Operations":[
              {"Id":"c1","Type":"CALLBACK","SubType":"Callback","Name":"approval","Status":"STARTED","StartTimestamp":1764489600.123,
               "CallbackDetails":{"CallbackId":"cb-opaque-1"}}]}}
            """, "application/json");
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));
        OperationUpdate[] updates =
        [
            new() { Id = "s1", Name = "extract", Type = OperationTypes.Step, SubType = OperationSubTypes.Step, Action = OperationActions.Succeed, Payload = "{\"pages\":3}" },
            new() { Id = "s2", ParentId = "ctx", Name = "flaky", Type = OperationTypes.Step, SubType = OperationSubTypes.Step, Action = OperationActions.Retry,
                    Error = new ErrorObject { ErrorType = "System.TimeoutException", ErrorMessage = "slow" }, StepOptions = new StepUpdateOptions { NextAttemptDelaySeconds = 4 } },
            new() { Id = "w1", Name = "cool-off", Type = OperationTypes.Wait, SubType = OperationSubTypes.Wait, Action = OperationActions.Start, WaitOptions = new WaitUpdateOptions { WaitSeconds = 60 } },
            new() { Id = "c1", Name = "approval", Type = OperationTypes.Callback, SubType = OperationSubTypes.Callback, Action = OperationActions.Start,
                    CallbackOptions = new CallbackUpdateOptions { TimeoutSeconds = 86400, HeartbeatTimeoutSeconds = 300 } },
            new() { Id = "i1", Name = "price", Type = OperationTypes.ChainedInvoke, SubType = OperationSubTypes.ChainedInvoke, Action = OperationActions.Start, Payload = "6",
                    ChainedInvokeOptions = new ChainedInvokeUpdateOptions { FunctionName = "pricing" } },
            new() { Id = "x1", Name = "big", Type = OperationTypes.Context, SubType = OperationSubTypes.Context, Action = OperationActions.Succeed, ContextOptions = new ContextUpdateOptions { ReplayChildren = true } },
        ];

        var response = await client.CheckpointAsync(Arn, "dG9rZW4tMQ==", updates, null, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal($"https://lambda.us-east-1.amazonaws.com/2025-12-01/durable-executions/{EncodedArn}/checkpoint", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.ContentType);
        TestSenders.AssertSigned(sent, "lambda");
        var body = sent.Json();
        Assert.Equal("dG9rZW4tMQ==", body.GetProperty("CheckpointToken").GetString());
        Assert.Equal(LambdaDurableExecutionClient.ClientTokenFor(Arn, "dG9rZW4tMQ=="), body.GetProperty("ClientToken").GetString());
        var sentUpdates = body.GetProperty("Updates");
        Assert.Equal(6, sentUpdates.GetArrayLength());
        var succeed = sentUpdates[0];
        Assert.Equal("SUCCEED", succeed.GetProperty("Action").GetString());
        Assert.Equal("STEP", succeed.GetProperty("Type").GetString());
        Assert.Equal("Step", succeed.GetProperty("SubType").GetString());
        Assert.Equal("{\"pages\":3}", succeed.GetProperty("Payload").GetString());
        Assert.False(succeed.TryGetProperty("ParentId", out _), "absent members are omitted, not null");
        Assert.Equal("ctx", sentUpdates[1].GetProperty("ParentId").GetString());
        Assert.Equal(4, sentUpdates[1].GetProperty("StepOptions").GetProperty("NextAttemptDelaySeconds").GetInt32());
        Assert.Equal("System.TimeoutException", sentUpdates[1].GetProperty("Error").GetProperty("ErrorType").GetString());
        Assert.Equal(60, sentUpdates[2].GetProperty("WaitOptions").GetProperty("WaitSeconds").GetInt32());
        Assert.Equal(86400, sentUpdates[3].GetProperty("CallbackOptions").GetProperty("TimeoutSeconds").GetInt32());
        Assert.Equal(300, sentUpdates[3].GetProperty("CallbackOptions").GetProperty("HeartbeatTimeoutSeconds").GetInt32());
        Assert.Equal("pricing", sentUpdates[4].GetProperty("ChainedInvokeOptions").GetProperty("FunctionName").GetString());
        Assert.True(sentUpdates[5].GetProperty("ContextOptions").GetProperty("ReplayChildren").GetBoolean());

        Assert.Equal("dG9rZW4tMg==", response.CheckpointToken);
        var callback = Assert.Single(response.NewExecutionState!.Operations);
        Assert.Equal("cb-opaque-1", callback.CallbackDetails?.CallbackId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764489600123), callback.StartTimestamp);
    }

    [Fact]
    public async Task GetStateAsync_WhenPaging_ShouldSendTokenMarkerAndMaxItemsAsQueryAndParseEveryDetail()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, """
            {"NextMarker":"page-3","Operations":[
              {"Id":"e","Type":"EXECUTION","Status":"STARTED","ExecutionDetails":{"InputPayload":"{\"doc\":\"a.pdf\"}"}},
              {"Id":"s","Type":"STEP","SubType":"Step","Name":"extract","Status":"PENDING","StepDetails":{"Attempt":2,"NextAttemptTimestamp":1764489660,"Error":{"ErrorType":"E","ErrorMessage":"m","StackTrace":["at x"]}}},
              {"Id":"w","Type":"WAIT","SubType":"Wait","Name":"w","Status":"STARTED","WaitDetails":{"ScheduledEndTimestamp":1764493200.5}},
              {"Id":"c","ParentId":"ctx","Type":"CONTEXT","SubType":"Map","Name":"fan","Status":"SUCCEEDED","ContextDetails":{"Result":"[1]","ReplayChildren":false},"EndTimestamp":1764489700},
              {"Id":"i","Type":"CHAINED_INVOKE","Name":"price","Status":"FAILED","ChainedInvokeDetails":{"Error":{"ErrorType":"Boom"}}}]}
            """, "application/json");
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));

        var page = await client.GetStateAsync(Arn, "dG9rZW4=", "page-2", 500, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}/state", sent.Uri.AbsolutePath);
        Assert.Equal("?CheckpointToken=dG9rZW4%3D&Marker=page-2&MaxItems=500", sent.Uri.Query);
        TestSenders.AssertSigned(sent, "lambda");
        Assert.Equal("page-3", page.NextMarker);
        Assert.Equal(5, page.Operations.Count);
        Assert.Equal("{\"doc\":\"a.pdf\"}", page.Operations[0].ExecutionDetails?.InputPayload);
        Assert.Equal(2, page.Operations[1].StepDetails?.Attempt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764489660), page.Operations[1].StepDetails?.NextAttemptTimestamp);
        Assert.Equal(["at x"], page.Operations[1].StepDetails?.Error?.StackTrace);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764493200500), page.Operations[2].WaitDetails?.ScheduledEndTimestamp);
        Assert.Equal("ctx", page.Operations[3].ParentId);
        Assert.Equal("[1]", page.Operations[3].ContextDetails?.Result);
        Assert.Equal("Boom", page.Operations[4].ChainedInvokeDetails?.Error?.ErrorType);
    }

    [Fact]
    public async Task CallbackCalls_WhenSent_ShouldUseTheCallbackPathsAndDocumentedBodies()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK, "{}", "application/json");
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));
        const string callbackId = "Y2I+/id==";

        await client.SendCallbackSuccessAsync(callbackId, "{\"approved\":true}"u8.ToArray(), CancellationToken.None);
        await client.SendCallbackFailureAsync(callbackId, new ErrorObject { ErrorType = "Rejected", ErrorMessage = "no" }, CancellationToken.None);
        await client.SendCallbackHeartbeatAsync(callbackId, CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.Equal("/2025-12-01/durable-execution-callbacks/Y2I%2B%2Fid%3D%3D/succeed", handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("{\"approved\":true}", handler.Requests[0].Body);
        Assert.Equal("application/octet-stream", handler.Requests[0].ContentType);
        Assert.EndsWith("/fail", handler.Requests[1].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("Rejected", handler.Requests[1].Json().GetProperty("ErrorType").GetString());
        Assert.Equal("no", handler.Requests[1].Json().GetProperty("ErrorMessage").GetString());
        Assert.EndsWith("/heartbeat", handler.Requests[2].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(string.Empty, handler.Requests[2].Body);
        Assert.All(handler.Requests, r => TestSenders.AssertSigned(r, "lambda"));
    }

    [Fact]
    public async Task GetExecutionAndStop_WhenCalled_ShouldUseTheExecutionPath()
    {
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.OK, $$"""
                {"DurableExecutionArn":"{{Arn}}","DurableExecutionName":"review-42","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:DocumentReview:3",
                 "Status":"SUCCEEDED","InputPayload":"{}","Result":"\"published\"","StartTimestamp":1764489600,"EndTimestamp":1764489700.25,"Version":"3"}
                """, "application/json")
            .Respond(HttpStatusCode.OK, "{\"StopTimestamp\":1764489800}", "application/json");
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));

        var description = await client.GetExecutionAsync(Arn, CancellationToken.None);
        await client.StopExecutionAsync(Arn, new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "by user" }, CancellationToken.None);

        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}", handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("review-42", description.DurableExecutionName);
        Assert.Equal("SUCCEEDED", description.Status);
        Assert.Equal("\"published\"", description.Result);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764489700250), description.EndTimestamp);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}/stop", handler.Requests[1].Uri.AbsolutePath);
        Assert.Equal("Cancelled", handler.Requests[1].Json().GetProperty("ErrorType").GetString());
    }

    [Fact]
    public async Task CheckpointAsync_WhenTheTokenIsRefused_ShouldThrowTheServiceErrorWithoutRetrying()
    {
        var handler = new RecordingHandler().Always(
            HttpStatusCode.BadRequest, "{\"Type\":\"User\",\"message\":\"Invalid Checkpoint Token\"}", "application/json");
        handler.Requests.Clear();
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.CheckpointAsync(Arn, "c3BlbnQ=", [new OperationUpdate { Id = "a", Type = "STEP", Action = "START" }], null, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Contains("Invalid Checkpoint Token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointAsync_WhenThrottled_ShouldRetryWithTheSameClientToken()
    {
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.TooManyRequests, "{\"Type\":\"User\",\"message\":\"Rate exceeded\"}", "application/json", ("x-amzn-ErrorType", "TooManyRequestsException"))
            .Respond(HttpStatusCode.OK, "{\"CheckpointToken\":\"bmV4dA==\"}", "application/json");
        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));

        var response = await client.CheckpointAsync(Arn, "dG9r", [new OperationUpdate { Id = "a", Type = "STEP", Action = "START" }], null, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Json().GetProperty("ClientToken").GetString(), handler.Requests[1].Json().GetProperty("ClientToken").GetString());
        Assert.Equal("bmV4dA==", response.CheckpointToken);
    }

    [Fact]
    public void InvocationEnvelope_WhenLambdaSendsIt_ShouldParseMillisecondTimestampsAndAnswerInTheDocumentedShape()
    {
        // The envelope as the service delivers it to the function: timestamps in epoch milliseconds.
        var envelope = DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes($$$"""
            {"DurableExecutionArn":"{{{Arn}}}","CheckpointToken":"dG9rZW4tMQ==",
             "InitialExecutionState":{"NextMarker":"2","Operations":[
               {"Id":"7d0b7c1e","Type":"EXECUTION","Status":"STARTED","StartTimestamp":1769481309631,"ExecutionDetails":{"InputPayload":"{\"doc\":\"a.pdf\"}"}},
               {"Id":"s","Type":"STEP","Status":"PENDING","StepDetails":{"Attempt":1,"NextAttemptTimestamp":1769481369631}},
               {"Id":"w","Type":"WAIT","Status":"STARTED","WaitDetails":{"ScheduledEndTimestamp":1769481399631}}]}}
            """), DurableProtocolJsonContext.Default.DurableInvocationInput);

        Assert.Equal(Arn, envelope.DurableExecutionArn);
        Assert.Equal("2", envelope.InitialExecutionState?.NextMarker);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1769481309631), envelope.InitialExecutionState?.Operations[0].StartTimestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1769481369631), envelope.InitialExecutionState?.Operations[1].StepDetails?.NextAttemptTimestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1769481399631), envelope.InitialExecutionState?.Operations[2].WaitDetails?.ScheduledEndTimestamp);

        Assert.Equal("{\"Status\":\"PENDING\"}", Encoding.UTF8.GetString(DurableProtocolJson.Serialize(new DurableInvocationOutput { Status = InvocationStatuses.Pending })));
        Assert.Equal("{\"Status\":\"SUCCEEDED\",\"Result\":\"\\u0022ok\\u0022\"}", Encoding.UTF8.GetString(DurableProtocolJson.Serialize(new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = "\"ok\"" })));
        var failed = Encoding.UTF8.GetString(DurableProtocolJson.Serialize(new DurableInvocationOutput { Status = InvocationStatuses.Failed, Error = new ErrorObject { ErrorType = "E", ErrorMessage = "m" } }));
        Assert.Equal("{\"Status\":\"FAILED\",\"Error\":{\"ErrorType\":\"E\",\"ErrorMessage\":\"m\"}}", failed);
    }

    [Fact]
    public async Task DurableFunction_WhenRunThroughTheClient_ShouldPageStateAndSpendEachTokenOnceInOrder()
    {
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.OK, """
                {"Operations":[{"Id":"6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b","Type":"STEP","SubType":"Step","Name":"a","Status":"SUCCEEDED","StepDetails":{"Result":"40"}}]}
                """, "application/json");
        for (var i = 2; i <= 9; i++)
        {
            handler.Respond(HttpStatusCode.OK, $"{{\"CheckpointToken\":\"dG9rZW4t{i}\"}}", "application/json");
        }

        var client = new LambdaDurableExecutionClient(TestSenders.Fake(handler, "lambda"));
        var ranA = 0;
        var function = new DurableFunction<string, int>(async (input, ctx, ct) =>
        {
            var a = await ctx.StepAsync("a", (_, _) => { ranA++; return Task.FromResult(0); }, cancellationToken: ct);
            var b = await ctx.StepAsync("b", (_, _) => Task.FromResult(2), cancellationToken: ct);
            await ctx.WaitAsync("later", TimeSpan.FromMinutes(1), ct);
            return a + b;
        }, null);
        var envelope = new DurableInvocationInput
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "dG9rZW4t1",
            InitialExecutionState = new ExecutionStatePage
            {
                NextMarker = "1",
                Operations = [new Operation { Id = "7d0b7c1e", Type = OperationTypes.Execution, Status = OperationStatuses.Started, ExecutionDetails = new ExecutionDetails { InputPayload = "\"doc\"" } }],
            },
        };

        var output = await function.InvokeAsync(envelope, client, CancellationToken.None);

        Assert.Equal(InvocationStatuses.Pending, output.Status);
        Assert.Equal(0, ranA);
        var state = handler.Requests[0];
        Assert.Equal(HttpMethod.Get, state.Method);
        Assert.Equal("?CheckpointToken=dG9rZW4t1&Marker=1", state.Uri.Query);
        var checkpoints = handler.Requests.Skip(1).ToList();
        Assert.NotEmpty(checkpoints);
        for (var i = 0; i < checkpoints.Count; i++)
        {
            Assert.Equal($"dG9rZW4t{i + 1}", checkpoints[i].Json().GetProperty("CheckpointToken").GetString());
        }

        var actions = checkpoints.SelectMany(c => c.Json().GetProperty("Updates").EnumerateArray())
            .Select(u => $"{u.GetProperty("Name").GetString()}:{u.GetProperty("Action").GetString()}").ToList();
        Assert.Equal(["b:START", "b:SUCCEED", "later:START"], actions);
    }
}
