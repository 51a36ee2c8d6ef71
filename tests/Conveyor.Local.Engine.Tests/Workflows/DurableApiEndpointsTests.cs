using System.Text;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;
using Conveyor.Local.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Conveyor.Local.Engine.Tests.Workflows;

/// <summary>
/// The engine's durable execution API (<c>--durable-api http</c>) request by request, over the service's rules in memory:
/// Lambda's paths, query parameters, bodies and error shapes, and a retried checkpoint answered once.
/// </summary>
public sealed class DurableApiEndpointsTests
{
    private const string Arn = "arn:aws:lambda:local:000000000000:function:Onboarding:$LATEST/durable-execution/w1/0123";
    private const string Signed = "AWS4-HMAC-SHA256 Credential=conveyor-local/20261130/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

    private readonly InMemoryDurableService _service = new(TimeProvider.System);
    private readonly DurableApiEndpoints _endpoints;
    private readonly DurableExecutionRecord _record;
    private readonly string _token;

    public DurableApiEndpointsTests()
    {
        _endpoints = new DurableApiEndpoints(_service);
        _record = _service.Add(DurableExecutionRules.Create(Arn, "w1", "Onboarding", """{"Customer":"c1"}""", DateTimeOffset.UtcNow, null));
        _token = DurableExecutionRules.BeginInvocation(_record).CheckpointToken;
    }

    [Fact]
    public async Task Checkpoint_WhenTheSameClientTokenIsSentTwice_ShouldApplyItOnceAndAnswerTheSameTokenTwice()
    {
        var body = CheckpointBody(_token, "client-1", StepStart("1", "charge"));

        var (status1, _, first) = await SendAsync("POST", Path("checkpoint"), body);
        var (status2, _, second) = await SendAsync("POST", Path("checkpoint"), body);

        Assert.True(status1 == 200, Encoding.UTF8.GetString(first));
        Assert.Equal(200, status2);
        Assert.Equal(first, second);
        Assert.Single(_service.CheckpointCalls);
        var answer = JsonDocument.Parse(first).RootElement;
        Assert.NotEqual(_token, answer.GetProperty("CheckpointToken").GetString());
        Assert.Equal(_service.Get(Arn).CheckpointToken, answer.GetProperty("CheckpointToken").GetString());
    }

    [Fact]
    public async Task Checkpoint_WhenAnotherClientTokenSpendsAUsedToken_ShouldAnswerTheServicesRefusalInLambdasShape()
    {
        var token = _token;
        Assert.Equal(200, (await SendAsync("POST", Path("checkpoint"), CheckpointBody(token, "client-1", StepStart("1", "charge")))).Status);

        var (status, headers, body) = await SendAsync("POST", Path("checkpoint"), CheckpointBody(token, "client-2", StepStart("2", "ship")));

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameterValueException", headers["x-amzn-ErrorType"]);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("User", error.GetProperty("Type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task State_WhenPagedWithMaxItems_ShouldReturnNextMarkerAndTheFollowingPage()
    {
        var token = (await CheckpointAsync(_token, StepStart("1", "a"), StepStart("2", "b"))).CheckpointToken;

        var (status, _, body) = await SendAsync("GET", Path("state") + "?CheckpointToken=" + Uri.EscapeDataString(token) + "&MaxItems=1");
        var first = DurableProtocolJson.Deserialize(body, DurableProtocolJsonContext.Default.ExecutionStatePage);
        var (_, _, rest) = await SendAsync("GET", Path("state") + "?CheckpointToken=" + Uri.EscapeDataString(token) + "&Marker=" + Uri.EscapeDataString(first.NextMarker!));
        var second = DurableProtocolJson.Deserialize(rest, DurableProtocolJsonContext.Default.ExecutionStatePage);

        Assert.Equal(200, status);
        Assert.Single(first.Operations);
        Assert.NotNull(first.NextMarker);
        Assert.Equal(3, first.Operations.Count + second.Operations.Count);
        Assert.Null(second.NextMarker);
    }

    [Theory]
    [InlineData("GET", "state?CheckpointToken=t&MaxItems=0", 400, "InvalidParameterValueException")]
    [InlineData("GET", "state", 400, "InvalidParameterValueException")]
    [InlineData("POST", "stop", 404, "UnknownOperationException")]
    [InlineData("GET", "checkpoint", 404, "UnknownOperationException")]
    public async Task Request_WhenItIsNotAValidCall_ShouldAnswerLambdasErrorShape(string method, string operation, int expected, string errorType)
    {
        var (status, headers, body) = await SendAsync(method, Path(operation.Split('?')[0]) + (operation.Contains('?', StringComparison.Ordinal) ? "?" + operation.Split('?')[1] : ""));

        Assert.Equal(expected, status);
        Assert.Equal(errorType, headers["x-amzn-ErrorType"]);
        Assert.Equal("User", JsonDocument.Parse(body).RootElement.GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Checkpoint_WhenTheBodyIsNotJson_ShouldAnswer400AndChangeNothing()
    {
        var (status, headers, _) = await SendAsync("POST", Path("checkpoint"), "{not json"u8.ToArray());

        Assert.Equal(400, status);
        Assert.Equal("SerializationException", headers["x-amzn-ErrorType"]);
        Assert.Empty(_service.CheckpointCalls);
    }

    [Fact]
    public async Task Request_WhenUnsigned_ShouldBeRefusedWithoutReachingTheService()
    {
        var (status, headers, _) = await SendAsync("POST", Path("checkpoint"), CheckpointBody(_token, "c", StepStart("1", "a")), authorization: "Bearer abc");

        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationTokenException", headers["x-amzn-ErrorType"]);
        Assert.Empty(_service.CheckpointCalls);
        Assert.Equal(1, _endpoints.Requests);
    }

    [Fact]
    public async Task Request_WhenTheArnIsUnknown_ShouldAnswer404ResourceNotFound()
    {
        var (status, headers, _) = await SendAsync("GET", DurableApiEndpoints.PathPrefix + Uri.EscapeDataString(Arn + "x") + "/state?CheckpointToken=t");

        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFoundException", headers["x-amzn-ErrorType"]);
    }

    private static string Path(string operation) => DurableApiEndpoints.PathPrefix + Uri.EscapeDataString(Arn) + "/" + operation;

    private static OperationUpdate StepStart(string id, string name) =>
        new() { Id = id, Name = name, Type = OperationTypes.Step, Action = OperationActions.Start };

    private static byte[] CheckpointBody(string token, string clientToken, params OperationUpdate[] updates) =>
        DurableProtocolJson.Serialize(new CheckpointRequest { CheckpointToken = token, ClientToken = clientToken, Updates = updates });

    private async Task<CheckpointResponse> CheckpointAsync(string token, params OperationUpdate[] updates)
    {
        var (status, _, body) = await SendAsync("POST", Path("checkpoint"), CheckpointBody(token, Guid.NewGuid().ToString("N"), updates));
        Assert.Equal(200, status);
        return DurableProtocolJson.Deserialize(body, DurableProtocolJsonContext.Default.CheckpointResponse);
    }

    /// <summary>One request as Kestrel hands it over: the raw target keeps the ARN's percent-encoding.</summary>
    private async Task<(int Status, IHeaderDictionary Headers, byte[] Body)> SendAsync(string method, string target, byte[]? body = null, string authorization = Signed)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var parts = target.Split('?', 2);
        context.Request.Path = new PathString(Uri.UnescapeDataString(parts[0]));
        context.Request.QueryString = parts.Length == 2 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        context.Request.Headers.Authorization = authorization;
        context.Request.Body = new MemoryStream(body ?? []);
        var response = new MemoryStream();
        context.Response.Body = response;

        await _endpoints.HandleAsync(context, CancellationToken.None);

        Assert.Equal("application/json", context.Response.ContentType);
        Assert.False(string.IsNullOrEmpty(context.Response.Headers["x-amzn-RequestId"]));
        return (context.Response.StatusCode, context.Response.Headers, response.ToArray());
    }
}
