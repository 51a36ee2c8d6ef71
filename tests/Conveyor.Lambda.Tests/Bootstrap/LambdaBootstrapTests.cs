using System.Text;
using System.Text.Json;
using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Lambda.Tests.Bootstrap;

public sealed class LambdaBootstrapTests
{
    private const string MapItemJson = """{"parent":{"pk":"SFN_TASK#t1","sk":"csv#01J"},"index":0}""";

    private readonly FakeRuntimeApiClient _client = new();
    private readonly FakeEnvironmentVariables _environment = new(new Dictionary<string, string?>
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "TaskWorker",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
    });

    private LambdaBootstrap CreateBootstrap(int? maxInvocations, TimeProvider? time = null) => new(
        _client, _environment, time ?? TimeProvider.System, NullLogger<LambdaBootstrap>.Instance,
        new LambdaBootstrapOptions { MaxInvocations = maxInvocations });

    private static Func<CancellationToken, Task<LambdaInvocationHandler>> Init(LambdaInvocationHandler handler) =>
        _ => Task.FromResult(handler);

    private static Task<ReadOnlyMemory<byte>> Json(string json) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task RunAsync_WhenInvocationsCarryTraceIds_ShouldSetTraceEnvironmentForEachInvocation()
    {
        _client.Enqueue("{}", traceId: "Root=1-aaa");
        _client.Enqueue("{}", traceId: "Root=1-bbb");
        var seen = new List<string?>();

        var exit = await CreateBootstrap(2).RunAsync(Init((_, _, _) =>
        {
            seen.Add(_environment.Get("_X_AMZN_TRACE_ID"));
            return Json("{}");
        }), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(["Root=1-aaa", "Root=1-bbb"], seen);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerReturns_ShouldPostResponseWithContextFromHeadersAndEnvironment()
    {
        var invocation = _client.Enqueue("{}", requestId: "req-1");
        ILambdaContext? captured = null;

        await CreateBootstrap(1).RunAsync(Init((_, context, _) =>
        {
            captured = context;
            return Json("""{"ok":true}""");
        }), CancellationToken.None);

        Assert.Equal(("req-1", """{"ok":true}"""), Assert.Single(_client.Responses));
        Assert.NotNull(captured);
        Assert.Equal("req-1", captured.RequestId);
        Assert.Equal("TaskWorker", captured.FunctionName);
        Assert.Equal(256, captured.MemoryLimitInMb);
        Assert.Equal(invocation.InvokedFunctionArn, captured.InvokedFunctionArn);
    }

    [Fact]
    public async Task RunAsync_WhenDeadlineApproaches_ShouldCancelHandlerTokenBeforeDeadline()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var deadline = time.GetUtcNow().AddSeconds(10);
        _client.Enqueue("{}", deadline: deadline);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset? cancelledAt = null;

        var run = CreateBootstrap(1, time).RunAsync(Init(async (_, _, token) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                cancelledAt = time.GetUtcNow();
                throw;
            }

            return Encoding.UTF8.GetBytes("{}");
        }), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromMilliseconds(9_400));
        Assert.Null(cancelledAt);
        time.Advance(TimeSpan.FromMilliseconds(200));
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(cancelledAt);
        Assert.True(cancelledAt < deadline, $"cancelled at {cancelledAt:O}, deadline {deadline:O}");
        var (_, error) = Assert.Single(_client.Errors);
        Assert.Equal("TaskCanceledException", error.ErrorType);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerThrows_ShouldPostErrorAndContinueWithNextInvocation()
    {
        _client.Enqueue("{}", requestId: "bad");
        _client.Enqueue("{}", requestId: "good");

        await CreateBootstrap(2).RunAsync(Init((_, context, _) => context.RequestId == "bad"
            ? throw new InvalidOperationException("boom", new ArgumentException("root cause"))
            : Json("""{"ok":true}""")), CancellationToken.None);

        var (requestId, error) = Assert.Single(_client.Errors);
        Assert.Equal("bad", requestId);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("boom", error.ErrorMessage);
        Assert.NotEmpty(error.StackTrace);
        Assert.Equal("ArgumentException", error.Cause?.ErrorType);
        Assert.Equal(("good", """{"ok":true}"""), Assert.Single(_client.Responses));
    }

    [Fact]
    public async Task RunAsync_WhenInitializationThrows_ShouldPostInitErrorAndReturnNonZero()
    {
        _client.Enqueue("{}");

        var exit = await CreateBootstrap(null).RunAsync(
            _ => throw new InvalidDataException("config missing"), CancellationToken.None);

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_client.InitErrors);
        Assert.Equal("InvalidDataException", error.ErrorType);
        Assert.Equal("config missing", error.ErrorMessage);
        Assert.Equal(0, _client.NextCalls);
    }

    [Fact]
    public async Task RunAsync_WhenEventJsonIsMalformed_ShouldPostInvalidEventErrorAndKeepServing()
    {
        var handler = new EchoHandler();
        _client.Enqueue("{not json", requestId: "malformed");
        _client.Enqueue("""{"parent":{"pk":"p"},"index":"not a number"}""", requestId: "wrong-shape");
        _client.Enqueue(MapItemJson, requestId: "valid");

        var exit = await CreateBootstrap(3).RunAsync(
            Init(((ILambdaFunctionHandler)handler).InvokeAsync), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(["malformed", "wrong-shape"], _client.Errors.Select(e => e.RequestId));
        Assert.All(_client.Errors, e => Assert.Equal("InvalidEventException", e.Error.ErrorType));
        Assert.Equal("JsonException", _client.Errors[0].Error.Cause?.ErrorType);
        var (requestId, body) = Assert.Single(_client.Responses);
        Assert.Equal("valid", requestId);
        Assert.Equal("SFN_TASK#t1", JsonDocument.Parse(body).RootElement.GetProperty("parent").GetProperty("pk").GetString());
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task RunAsync_WhenHostIsCancelledWhileWaiting_ShouldStopAndReturnZero()
    {
        using var host = new CancellationTokenSource();
        var run = CreateBootstrap(null).RunAsync(Init((_, _, _) => Json("{}")), host.Token);

        await host.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exit);
        Assert.Empty(_client.Responses);
    }
}
