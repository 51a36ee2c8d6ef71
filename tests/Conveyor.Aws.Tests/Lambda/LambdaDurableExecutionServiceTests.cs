using System.Text;
using Conveyor.Aws.Lambda;
using Conveyor.Aws.Tests.Http;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Testing.Lambda;

namespace Conveyor.Aws.Tests.Lambda;

/// <summary>
/// The requests <see cref="LambdaDurableExecutionService"/> puts on the wire, against the Lambda API reference
/// (2025-12-01): paths with the ARN percent-encoded as one label, methods, the Invoke headers, query members, bodies,
/// and SigV4 for service <c>lambda</c> on each.
/// </summary>
public sealed class LambdaDurableExecutionServiceTests : IAsyncLifetime
{
    private const string EncodedFunction = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aconveyor-dev-document-review";
    private const string TaskId = "TASK#acme#document-review#01JD0000000000000000000000";

    private readonly LambdaDurableApiFake _lambda = new();
    private LambdaDurableExecutionService _service = null!;

    public Task InitializeAsync()
    {
        _service = new LambdaDurableExecutionService(
            TestSenders.Real(_lambda.Endpoint, "lambda"),
            new LambdaDurableFunctions { Functions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["DocumentReview"] = LambdaDurableApiFake.AliasArn } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task Start_WhenTheNameIsNew_ShouldLookItUpThenInvokeTheAliasAsAnEventNamedWithTheTaskEnvelope()
    {
        var start = await _service.StartAsync("DocumentReview", "review-42", """{"Key":"a.pdf"}""", TaskId, CancellationToken.None);

        var calls = _lambda.Calls.ToList();
        Assert.Equal(2, calls.Count);
        var lookup = calls[0];
        Assert.Equal("GET", lookup.Method);
        Assert.Equal($"/2025-12-01/functions/{EncodedFunction}/durable-executions", lookup.Path);
        Assert.Equal(["DurableExecutionName=review-42", "MaxItems=100", "ReverseOrder=true"], lookup.Query.Split('&').Order(StringComparer.Ordinal));
        var invoke = calls[1];
        Assert.Equal("POST", invoke.Method);
        Assert.Equal($"/2015-03-31/functions/{EncodedFunction}%3Alive/invocations", invoke.Path);
        Assert.Equal("Event", invoke.Headers["X-Amz-Invocation-Type"]);
        Assert.Equal("review-42", invoke.Headers["X-Amz-Durable-Execution-Name"]);
        Assert.StartsWith("application/json", invoke.Headers["Content-Type"], StringComparison.Ordinal);
        var envelope = invoke.Json();
        Assert.Equal(TaskId, envelope.GetProperty("ConveyorTaskId").GetString());
        Assert.Equal("a.pdf", envelope.GetProperty("Input").GetProperty("Key").GetString());
        Assert.All(calls, c => Assert.Matches("^AWS4-HMAC-SHA256 Credential=testing/[0-9]{8}/us-east-1/lambda/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$", c.Headers["Authorization"]));
        Assert.True(start.Created);
        Assert.Matches($"^{LambdaDurableApiFake.FunctionArn}:3/durable-execution/review-42/[0-9a-f]{{32}}$", start.Arn);
    }

    [Fact]
    public async Task Describe_WhenByArn_ShouldGetTheEncodedArnAndHandBackTheInputWithoutTheEnvelope()
    {
        var start = await _service.StartAsync("DocumentReview", "review-43", """{"Key":"b.pdf"}""", TaskId, CancellationToken.None);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        var info = await _service.DescribeAsync(start.Arn, CancellationToken.None);

        var get = Assert.Single(_lambda.Calls);
        Assert.Equal("GET", get.Method);
        Assert.Equal("/2025-12-01/durable-executions/" + Uri.EscapeDataString(start.Arn), get.Path);
        Assert.Contains("%2Fdurable-execution%2Freview-43%2F", get.Path, StringComparison.Ordinal);
        Assert.Equal("""{"Key":"b.pdf"}""", info?.Execution.InputPayload);
        Assert.Equal(TaskId, info?.TaskId);
        Assert.Equal(LambdaDurableApiFake.FunctionArn + ":3", info?.Execution.FunctionArn);
    }

    [Fact]
    public async Task History_WhenPaged_ShouldAskWithExecutionDataAndFollowNextMarker()
    {
        var start = await _service.StartAsync("DocumentReview", "review-44", "{}", TaskId, CancellationToken.None);
        var callbackId = _lambda.OpenCallback(start.Arn);
        await _service.SendCallbackSuccessAsync(callbackId, "\"ok\"", CancellationToken.None);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        var operations = await _service.HistoryAsync(start.Arn, CancellationToken.None);

        var pages = _lambda.Calls.ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal("/2025-12-01/durable-executions/" + Uri.EscapeDataString(start.Arn) + "/history", p.Path));
        Assert.Equal(["IncludeExecutionData=true", "MaxItems=1000"], pages[0].Query.Split('&').Order(StringComparer.Ordinal));
        Assert.Equal(["IncludeExecutionData=true", "Marker=2", "MaxItems=1000"], pages[1].Query.Split('&').Order(StringComparer.Ordinal));
        Assert.NotNull(operations);
        Assert.Equal([OperationTypes.Execution, OperationTypes.Callback], operations.Select(o => o.Type));
        Assert.Equal("\"ok\"", operations[1].CallbackDetails?.Result);
    }

    [Fact]
    public async Task Callbacks_WhenAnswered_ShouldPostTheRawResultTheErrorObjectAndAnEmptyHeartbeatToTheEncodedId()
    {
        var start = await _service.StartAsync("DocumentReview", "review-45", "{}", TaskId, CancellationToken.None);
        var callbackId = _lambda.OpenCallback(start.Arn);
        Assert.Matches("[+/=]", callbackId);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        await _service.SendCallbackHeartbeatAsync(callbackId, CancellationToken.None);
        await _service.SendCallbackFailureAsync(callbackId, new ErrorObject { ErrorType = "Rejected", ErrorMessage = "no" }, CancellationToken.None);

        var calls = _lambda.Calls.ToList();
        var encoded = "/2025-12-01/durable-execution-callbacks/" + callbackId.Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal);
        Assert.Equal(("POST", encoded + "/heartbeat", 0), (calls[0].Method, calls[0].Path, calls[0].Body.Length));
        Assert.Equal(("POST", encoded + "/fail"), (calls[1].Method, calls[1].Path));
        Assert.Equal("Rejected", calls[1].Json().GetProperty("ErrorType").GetString());
        Assert.Equal("no", calls[1].Json().GetProperty("ErrorMessage").GetString());
    }

    [Fact]
    public async Task CallbackSuccess_WhenSent_ShouldCarryTheResultBytesAsTheBody()
    {
        var start = await _service.StartAsync("DocumentReview", "review-46", "{}", TaskId, CancellationToken.None);
        var callbackId = _lambda.OpenCallback(start.Arn);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        await _service.SendCallbackSuccessAsync(callbackId, """{"Approved":true,"Reviewer":"ana"}""", CancellationToken.None);

        var call = Assert.Single(_lambda.Calls);
        Assert.EndsWith("/succeed", call.Path, StringComparison.Ordinal);
        Assert.Equal("""{"Approved":true,"Reviewer":"ana"}""", Encoding.UTF8.GetString(call.Body));
    }

    [Fact]
    public async Task Stop_WhenRunning_ShouldPostTheErrorObjectAsTheBody()
    {
        var start = await _service.StartAsync("DocumentReview", "review-47", "{}", TaskId, CancellationToken.None);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        await _service.StopAsync(start.Arn, new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "by ana" }, CancellationToken.None);

        var stop = _lambda.Calls.Last();
        Assert.Equal(("POST", "/2025-12-01/durable-executions/" + Uri.EscapeDataString(start.Arn) + "/stop"), (stop.Method, stop.Path));
        Assert.Equal("Cancelled", stop.Json().GetProperty("ErrorType").GetString());
        Assert.Equal("by ana", stop.Json().GetProperty("ErrorMessage").GetString());
    }

    [Fact]
    public async Task List_WhenAStatusIsAsked_ShouldSendItAsStatusesNewestFirst()
    {
        await _service.StartAsync("DocumentReview", "review-48", "{}", TaskId, CancellationToken.None);
        while (_lambda.Calls.TryDequeue(out _))
        {
        }

        var running = await _service.ListAsync("TASK#acme#", ExecutionStatuses.Running, 10, CancellationToken.None);

        var list = _lambda.Calls.First();
        Assert.Equal($"/2025-12-01/functions/{EncodedFunction}/durable-executions", list.Path);
        Assert.Equal(["MaxItems=100", "ReverseOrder=true", "Statuses=RUNNING"], list.Query.Split('&').Order(StringComparer.Ordinal));
        Assert.Equal("review-48", Assert.Single(running).Execution.DurableExecutionName);
    }

    [Fact]
    public async Task Start_WhenTheFunctionIsNotConfigured_ShouldSayWhichAreWithoutCallingLambda()
    {
        var refused = await Assert.ThrowsAsync<Conveyor.Core.Validation.ValidationException>(() => _service.StartAsync("Onboarding", "onb-1", "{}", TaskId, CancellationToken.None));

        Assert.Contains("CONVEYOR__DURABLEFUNCTIONS__ONBOARDING", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DocumentReview", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
    }
}
