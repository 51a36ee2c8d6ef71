using System.Net;
using System.Net.Sockets;
using System.Text;
using Conveyor.Functions.Api;
using Conveyor.Functions.Invocation;
using Conveyor.Local.Engine.Status;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// The REST API and dashboard on 127.0.0.1. API requests are converted to the API Gateway HTTP API v2 payload and served
/// by <see cref="ApiHandler"/> — the Api function's code path. <c>/</c> is the dashboard page, <c>/local/status</c> its JSON.
/// </summary>
public sealed partial class EngineHttpServer : IAsyncDisposable
{
    public const string FunctionName = "conveyor-local-api";
    private readonly HttpListener _listener;
    private readonly ApiHandler _api;
    private readonly EngineStatusReader _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private EngineHttpServer(HttpListener listener, Uri address, ApiHandler api, EngineStatusReader status, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        BaseAddress = address;
        _api = api;
        _status = status;
        _time = time;
        _logger = logger;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts listening; port 0 picks a free port.</summary>
    /// <exception cref="InvalidOperationException">The port is taken.</exception>
    public static EngineHttpServer Start(int port, ApiHandler api, EngineStatusReader status, TimeProvider time, ILogger<EngineHttpServer> logger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(status);
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port == 0 ? FreePort() : port;
            var address = new Uri($"http://127.0.0.1:{chosen}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new EngineHttpServer(listener, address, api, status, time, logger);
            }
            catch (HttpListenerException ex)
            {
                listener.Close();
                if (port != 0 || attempt >= 5)
                {
                    throw new InvalidOperationException($"Cannot listen on {address} ({ex.Message}); pass another --port (0 picks a free one).", ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
            // Closed while accepting.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (_stop.IsCancellationRequested) { return; }
                LogAcceptFailed(ex.Message);
                continue;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath ?? "/";
            if (context.Request.HttpMethod == "GET" && path is "/" or "/dashboard")
            {
                await WriteAsync(response, 200, "text/html; charset=utf-8", Dashboard.Html).ConfigureAwait(false);
                return;
            }

            if (context.Request.HttpMethod == "GET" && path == "/local/status")
            {
                var status = await _status.ReadAsync(_stop.Token).ConfigureAwait(false);
                await WriteAsync(response, 200, "application/json", EngineStatusJson.Serialize(status)).ConfigureAwait(false);
                return;
            }

            var request = await HttpApiRequests.FromAsync(context.Request, _time.GetUtcNow(), _stop.Token).ConfigureAwait(false);
            var lambda = InProcessLambdaContext.Create(FunctionName, TimeSpan.FromSeconds(30), cancellationToken: _stop.Token);
            var result = await _api.HandleAsync(request, lambda, _stop.Token).ConfigureAwait(false);
            foreach (var (name, value) in result.Headers ?? new Dictionary<string, string>())
            {
                if (!string.Equals(name, "content-length", StringComparison.OrdinalIgnoreCase))
                {
                    response.Headers[name] = value;
                }
            }

            var body = result.Body is null ? [] : result.IsBase64Encoded ? Convert.FromBase64String(result.Body) : Encoding.UTF8.GetBytes(result.Body);
            response.StatusCode = result.StatusCode;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One failed request must not stop the server; the caller gets a 500.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRequestFailed(ex, ex.GetType().Name);
            try
            {
                await WriteAsync(response, 500, "application/json", """{"error":{"type":"Internal","message":"The local server failed; see the engine log."}}""").ConfigureAwait(false);
            }
            catch (Exception inner) when (inner is HttpListenerException or InvalidOperationException or ObjectDisposedException)
            {
                // The response had started or the client left.
            }
        }
        finally
        {
            response.Close();
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP accept failed: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP request failed with {ErrorType}")]
    private partial void LogRequestFailed(Exception exception, string errorType);
}
