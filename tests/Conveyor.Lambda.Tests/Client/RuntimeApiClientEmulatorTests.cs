using System.Net;
using System.Text;
using System.Text.Json;
using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Client;
using Conveyor.Lambda.Emulator;
using Conveyor.Lambda.ExceptionHandling;
using Conveyor.Lambda.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Lambda.Tests.Client;

/// <summary>The real HTTP client against the in-process emulator: both sides of the wire protocol.</summary>
public sealed class RuntimeApiClientEmulatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private RuntimeApiEmulator _emulator = null!;
    private RuntimeApiClient _client = null!;

    public Task InitializeAsync()
    {
        _emulator = RuntimeApiEmulator.Start();
        _client = RuntimeApiClient.Create(_emulator.RuntimeApi);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetNextInvocationAsync_WhenEventQueued_ShouldReturnPayloadAndHeaders()
    {
        var before = DateTimeOffset.UtcNow;
        _ = _emulator.Enqueue(new EmulatorInvocation
        {
            EventJson = """{"hello":"world"}""",
            RequestId = "req-42",
            TraceId = "Root=1-abc;Sampled=1",
            Timeout = TimeSpan.FromSeconds(30),
            ClientContext = "{}",
        });

        var invocation = await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal("req-42", invocation.RequestId);
        Assert.Equal("Root=1-abc;Sampled=1", invocation.TraceId);
        Assert.Equal("{}", invocation.ClientContext);
        Assert.StartsWith("arn:aws:lambda:", invocation.InvokedFunctionArn, StringComparison.Ordinal);
        Assert.InRange(invocation.Deadline, before.AddSeconds(29), before.AddSeconds(32));
        Assert.Equal("""{"hello":"world"}""", Encoding.UTF8.GetString(invocation.Payload.Span));
    }

    [Fact]
    public async Task GetNextInvocationAsync_WhenNoEventYet_ShouldLongPollUntilOneArrives()
    {
        var next = _client.GetNextInvocationAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(next.IsCompleted);

        _ = _emulator.Enqueue(new EmulatorInvocation { EventJson = "{}", RequestId = "late" });

        Assert.Equal("late", (await next.WaitAsync(Wait)).RequestId);
    }

    [Fact]
    public async Task PostResponseAsync_WhenInvocationServed_ShouldCompleteOutcomeWithBody()
    {
        var outcome = _emulator.Enqueue(new EmulatorInvocation { EventJson = "{}" });
        var invocation = await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        await _client.PostResponseAsync(invocation.RequestId, Encoding.UTF8.GetBytes("""{"answer":42}"""), CancellationToken.None);

        var result = await outcome.WaitAsync(Wait);
        Assert.Equal(InvocationOutcomeKind.Response, result.Kind);
        Assert.Equal(invocation.RequestId, result.RequestId);
        Assert.Equal("""{"answer":42}""", result.Body);
    }

    [Fact]
    public async Task PostInvocationErrorAsync_WhenInvocationServed_ShouldSendErrorBodyContentTypeAndHeader()
    {
        var outcome = _emulator.Enqueue(new EmulatorInvocation { EventJson = "{}" });
        var invocation = await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        var error = LambdaErrors.FromException(Thrown(new TimeoutException("too slow")));

        await _client.PostInvocationErrorAsync(invocation.RequestId, error, CancellationToken.None);

        var result = await outcome.WaitAsync(Wait);
        Assert.Equal(InvocationOutcomeKind.Error, result.Kind);
        Assert.Equal("TimeoutException", result.ErrorTypeHeader);
        Assert.Equal("application/vnd.aws.lambda.error+json", result.ContentType);
        var body = JsonDocument.Parse(result.Body).RootElement;
        Assert.Equal("TimeoutException", body.GetProperty("errorType").GetString());
        Assert.Equal("too slow", body.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
        Assert.NotEqual(0, body.GetProperty("stackTrace").GetArrayLength());
    }

    [Fact]
    public async Task PostInitErrorAsync_WhenFunctionFailsToStart_ShouldRecordItAndFailQueuedInvocations()
    {
        var queued = _emulator.Enqueue(new EmulatorInvocation { EventJson = "{}", RequestId = "never-served" });

        await _client.PostInitErrorAsync(
            new LambdaError { ErrorType = "OptionsValidationException", ErrorMessage = "Salutation is required" }, CancellationToken.None);

        var initError = await _emulator.InitError.WaitAsync(Wait);
        Assert.Equal("OptionsValidationException", initError.ErrorTypeHeader);
        Assert.Contains("Salutation is required", initError.Body, StringComparison.Ordinal);
        var failed = await queued.WaitAsync(Wait);
        Assert.Equal(InvocationOutcomeKind.InitError, failed.Kind);
        Assert.Equal("never-served", failed.RequestId);
    }

    [Fact]
    public async Task PostResponseAsync_WhenRequestIdUnknown_ShouldThrowRuntimeApiExceptionWithStatus()
    {
        var ex = await Assert.ThrowsAsync<RuntimeApiException>(
            () => _client.PostResponseAsync("nobody", Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task RunAsync_WhenLoopTalksToEmulator_ShouldAnswerEveryInvocationInOrder()
    {
        var ok = _emulator.Enqueue(new EmulatorInvocation { EventJson = """{"n":1}""" });
        var bad = _emulator.Enqueue(new EmulatorInvocation { EventJson = """{"n":2}""" });
        var environment = new FakeEnvironmentVariables();
        var bootstrap = new LambdaBootstrap(
            _client, environment, TimeProvider.System, NullLogger<LambdaBootstrap>.Instance,
            new LambdaBootstrapOptions { MaxInvocations = 2 });

        var exit = await bootstrap.RunAsync(_ => Task.FromResult<LambdaInvocationHandler>((payload, _, _) =>
            JsonDocument.Parse(payload).RootElement.GetProperty("n").GetInt32() == 1
                ? Task.FromResult<ReadOnlyMemory<byte>>(payload)
                : throw new NotSupportedException("n=2")), CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(0, exit);
        Assert.Equal("""{"n":1}""", (await ok.WaitAsync(Wait)).Body);
        Assert.Equal("NotSupportedException", (await bad.WaitAsync(Wait)).ErrorTypeHeader);
        Assert.Equal(2, _emulator.NextRequestCount);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
