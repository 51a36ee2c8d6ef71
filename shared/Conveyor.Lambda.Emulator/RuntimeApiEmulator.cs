using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Lambda.Emulator;

/// <summary>
/// An in-process Lambda Runtime API (2018-06-01) on a free loopback port (Kestrel), for local invoke and end-to-end
/// tests. Queue an event with <see cref="Enqueue"/>/<see cref="InvokeAsync"/>; the function's <c>next</c> long poll
/// receives it, and its <c>/response</c>, <c>/error</c> or <c>/init/error</c> post completes the outcome. Point the
/// function at it with <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="RuntimeApi"/>. As on Lambda, a response or error body
/// over <see cref="MaxPayloadBytes"/> is refused with 413 <c>RequestEntityTooLarge</c> and the invocation fails with
/// <c>Function.ResponseSizeTooLarge</c>; every answer is JSON <c>{"errorMessage","errorType"}</c> or the event.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    /// <summary>Lambda's synchronous invocation payload limit (6 MB), for the function's response and error bodies.</summary>
    public const int MaxPayloadBytes = 6_291_556;

    private const string Prefix = "/2018-06-01/runtime/";

    private readonly WebApplication _app;
    private readonly RuntimeApiEmulatorOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InvocationOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private int _nextRequests;

    private RuntimeApiEmulator(WebApplication app, RuntimeApiEmulatorOptions options)
    {
        _app = app;
        _options = options;
        _app.Run(HandleSafelyAsync);
    }

    /// <summary>The <c>host:port</c> to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; private set; } = "";

    /// <summary>Completes with the first init error the function posts.</summary>
    public Task<InvocationOutcome> InitError => _initError.Task;

    /// <summary>Completes with the <see cref="TimeProvider.GetTimestamp"/> of the first <c>next</c> request (cold-start probe).</summary>
    public Task<long> FirstNextTimestamp => _firstNext.Task;

    public int NextRequestCount => Volatile.Read(ref _nextRequests);

    /// <summary>Starts listening on a free loopback port (the operating system picks it, so no port race).</summary>
    public static RuntimeApiEmulator Start(RuntimeApiEmulatorOptions? options = null)
    {
        options ??= new RuntimeApiEmulatorOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
            // Room for the 6 MB payload limit to be answered as Lambda does (413 with a JSON body) rather than cut off.
            kestrel.Limits.MaxRequestBodySize = MaxPayloadBytes + (1024 * 1024);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            // `next` is a long poll: an idle function may wait minutes for its event.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromHours(1);
            kestrel.Limits.MinResponseDataRate = null;
        });
        var emulator = new RuntimeApiEmulator(builder.Build(), options);
        emulator._app.StartAsync().GetAwaiter().GetResult();
        var address = emulator._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.RuntimeApi = new Uri(address).Authority;
        return emulator;
    }

    /// <summary>Queues an event; the returned task completes when the function answers it (or reports an init error).</summary>
    public Task<InvocationOutcome> Enqueue(EmulatorInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var pending = new Pending(invocation);
        if (_initError.Task.IsCompleted)
        {
            pending.Outcome.TrySetResult(_initError.Task.Result with { RequestId = invocation.RequestId });
        }
        else if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The emulator is stopped.");
        }

        return pending.Outcome.Task;
    }

    public async Task<InvocationOutcome> InvokeAsync(EmulatorInvocation invocation, CancellationToken cancellationToken) =>
        await Enqueue(invocation).WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(grace.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleSafelyAsync(HttpContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context.Response, ex.StatusCode, Error("RequestEntityTooLarge", $"The request could not be read: {ex.Message}"));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or ChannelClosedException or BadHttpRequestException)
        {
            // The client went away or the emulator is stopping; nothing to answer.
            context.Abort();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 404, Error("NotFound", "unknown path"));
            return;
        }

        var route = path[Prefix.Length..].Split('/');
        switch (request.Method, route)
        {
            case ("GET", ["invocation", "next"]):
                await ServeNextAsync(context);
                break;
            case ("POST", ["invocation", var id, "response"]):
                await CompleteAsync(context, id, InvocationOutcomeKind.Response);
                break;
            case ("POST", ["invocation", var id, "error"]):
                await CompleteAsync(context, id, InvocationOutcomeKind.Error);
                break;
            case ("POST", ["init", "error"]):
                await RecordInitErrorAsync(context);
                break;
            default:
                await WriteAsync(context.Response, 404, Error("NotFound", "unknown route"));
                break;
        }
    }

    private async Task ServeNextAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _nextRequests) == 1)
        {
            _firstNext.TrySetResult(_options.TimeProvider.GetTimestamp());
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        Pending pending;
        try
        {
            pending = await _queue.Reader.ReadAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return; // The function went away while waiting: nothing was taken from the queue.
        }

        var invocation = pending.Invocation;
        _inFlight[invocation.RequestId] = pending;
        var deadline = _options.TimeProvider.GetUtcNow() + invocation.Timeout;
        var response = context.Response;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        SetIfPresent(response, "Lambda-Runtime-Trace-Id", invocation.TraceId);
        SetIfPresent(response, "Lambda-Runtime-Client-Context", invocation.ClientContext);
        SetIfPresent(response, "Lambda-Runtime-Cognito-Identity", invocation.CognitoIdentity);
        await WriteAsync(response, 200, invocation.EventJson);
    }

    private async Task CompleteAsync(HttpContext context, string requestId, InvocationOutcomeKind kind)
    {
        var body = await ReadBodyAsync(context.Request);
        if (!_inFlight.TryRemove(requestId, out var pending))
        {
            await WriteAsync(context.Response, 400, Error("InvalidRequestID", "unknown or already answered request id"));
            return;
        }

        if (body is null)
        {
            // Lambda refuses the post and fails the invocation; the function is free to take the next event.
            pending.Outcome.TrySetResult(new InvocationOutcome
            {
                RequestId = requestId,
                Kind = InvocationOutcomeKind.Error,
                Body = Error("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({MaxPayloadBytes} bytes)."),
                ErrorTypeHeader = "Function.ResponseSizeTooLarge",
                ContentType = "application/json",
            });
            await WriteAsync(context.Response, 413, Error("RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({MaxPayloadBytes} bytes)."));
            return;
        }

        pending.Outcome.TrySetResult(new InvocationOutcome
        {
            RequestId = requestId,
            Kind = kind,
            Body = body,
            ErrorTypeHeader = Header(context.Request, "Lambda-Runtime-Function-Error-Type"),
            ContentType = context.Request.ContentType,
        });
        await WriteAsync(context.Response, 202, """{"status":"OK"}""");
    }

    private async Task RecordInitErrorAsync(HttpContext context)
    {
        var outcome = new InvocationOutcome
        {
            RequestId = "",
            Kind = InvocationOutcomeKind.InitError,
            Body = await ReadBodyAsync(context.Request) ?? Error("Runtime.InitError", "The init error body was over the payload limit."),
            ErrorTypeHeader = Header(context.Request, "Lambda-Runtime-Function-Error-Type"),
            ContentType = context.Request.ContentType,
        };
        _initError.TrySetResult(outcome);
        // Events already queued can never be served by this process: answer them with the init error.
        while (_queue.Reader.TryRead(out var queued))
        {
            queued.Outcome.TrySetResult(outcome with { RequestId = queued.Invocation.RequestId });
        }

        await WriteAsync(context.Response, 202, """{"status":"OK"}""");
    }

    /// <summary>The body as text, or null when it is over <see cref="MaxPayloadBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.Length > MaxPayloadBytes ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    private static string Error(string type, string message) =>
        $$"""{"errorMessage":{{System.Text.Json.JsonSerializer.Serialize(message)}},"errorType":{{System.Text.Json.JsonSerializer.Serialize(type)}}}""";

    private static async Task WriteAsync(HttpResponse response, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    private static void SetIfPresent(HttpResponse response, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            response.Headers[name] = value;
        }
    }

    private sealed class Pending(EmulatorInvocation invocation)
    {
        public EmulatorInvocation Invocation { get; } = invocation;

        public TaskCompletionSource<InvocationOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
