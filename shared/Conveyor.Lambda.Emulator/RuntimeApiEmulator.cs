using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Conveyor.Lambda.Emulator;

/// <summary>
/// An in-process Lambda Runtime API (2018-06-01) on a free loopback port, for local invoke and end-to-end tests.
/// Queue an event with <see cref="Enqueue"/>/<see cref="InvokeAsync"/>; the function's <c>next</c> long poll receives it,
/// and its <c>/response</c>, <c>/error</c> or <c>/init/error</c> post completes the outcome. Point the function at it with
/// <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="RuntimeApi"/>.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";

    private readonly HttpListener _listener;
    private readonly RuntimeApiEmulatorOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InvocationOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _nextRequests;

    private RuntimeApiEmulator(HttpListener listener, int port, RuntimeApiEmulatorOptions options)
    {
        _listener = listener;
        _options = options;
        RuntimeApi = $"127.0.0.1:{port}";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The <c>host:port</c> to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; }

    /// <summary>Completes with the first init error the function posts.</summary>
    public Task<InvocationOutcome> InitError => _initError.Task;

    /// <summary>Completes with the <see cref="TimeProvider.GetTimestamp"/> of the first <c>next</c> request (cold-start probe).</summary>
    public Task<long> FirstNextTimestamp => _firstNext.Task;

    public int NextRequestCount => Volatile.Read(ref _nextRequests);

    public static RuntimeApiEmulator Start(RuntimeApiEmulatorOptions? options = null)
    {
        options ??= new RuntimeApiEmulatorOptions();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new RuntimeApiEmulator(listener, port, options);
            }
            catch (HttpListenerException) when (attempt < options.PortAttempts)
            {
                listener.Close();
            }
        }
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
        _listener.Close();
        try
        {
            await _acceptLoop;
        }
        catch (ObjectDisposedException)
        {
            // Closing the listener ends the accept loop this way on some platforms.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleSafelyAsync(context));
        }
    }

    private async Task HandleSafelyAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException or ChannelClosedException)
        {
            // The client went away or the emulator is stopping; nothing to answer.
            context.Response.Abort();
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url?.AbsolutePath ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 404, """{"errorMessage":"unknown path","errorType":"NotFound"}""");
            return;
        }

        var route = path[Prefix.Length..].Split('/');
        switch (request.HttpMethod, route)
        {
            case ("GET", ["invocation", "next"]):
                await ServeNextAsync(context.Response);
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
                await WriteAsync(context.Response, 404, """{"errorMessage":"unknown route","errorType":"NotFound"}""");
                break;
        }
    }

    private async Task ServeNextAsync(HttpListenerResponse response)
    {
        if (Interlocked.Increment(ref _nextRequests) == 1)
        {
            _firstNext.TrySetResult(_options.TimeProvider.GetTimestamp());
        }

        var pending = await _queue.Reader.ReadAsync(_stopping.Token);
        var invocation = pending.Invocation;
        _inFlight[invocation.RequestId] = pending;
        var deadline = _options.TimeProvider.GetUtcNow() + invocation.Timeout;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        SetIfPresent(response, "Lambda-Runtime-Trace-Id", invocation.TraceId);
        SetIfPresent(response, "Lambda-Runtime-Client-Context", invocation.ClientContext);
        SetIfPresent(response, "Lambda-Runtime-Cognito-Identity", invocation.CognitoIdentity);
        await WriteAsync(response, 200, invocation.EventJson, "application/json");
    }

    private async Task CompleteAsync(HttpListenerContext context, string requestId, InvocationOutcomeKind kind)
    {
        var body = await ReadBodyAsync(context.Request);
        if (!_inFlight.TryRemove(requestId, out var pending))
        {
            await WriteAsync(context.Response, 400, """{"errorMessage":"unknown or already answered request id","errorType":"InvalidRequestID"}""");
            return;
        }

        pending.Outcome.TrySetResult(new InvocationOutcome
        {
            RequestId = requestId,
            Kind = kind,
            Body = body,
            ErrorTypeHeader = context.Request.Headers["Lambda-Runtime-Function-Error-Type"],
            ContentType = context.Request.ContentType,
        });
        await WriteAsync(context.Response, 202, """{"status":"OK"}""");
    }

    private async Task RecordInitErrorAsync(HttpListenerContext context)
    {
        var outcome = new InvocationOutcome
        {
            RequestId = "",
            Kind = InvocationOutcomeKind.InitError,
            Body = await ReadBodyAsync(context.Request),
            ErrorTypeHeader = context.Request.Headers["Lambda-Runtime-Function-Error-Type"],
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

    private static async Task<string> ReadBodyAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static void SetIfPresent(HttpListenerResponse response, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            response.Headers[name] = value;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Pending(EmulatorInvocation invocation)
    {
        public EmulatorInvocation Invocation { get; } = invocation;

        public TaskCompletionSource<InvocationOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
