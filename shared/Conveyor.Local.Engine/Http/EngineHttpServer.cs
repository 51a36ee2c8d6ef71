using System.Net;
using System.Text;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Functions.Invocation;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Local.Engine.Dashboard;
using Conveyor.Local.Engine.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// The REST API and dashboard on 127.0.0.1, served by Kestrel. API requests are converted to the API Gateway HTTP API v2
/// payload and served by <see cref="ApiHandler"/> — the Api function's code path. <c>/</c> is the dashboard page with its
/// files, <c>/local/*</c> its reads (<see cref="DashboardEndpoints"/>), <c>/local/status</c> the engine's status. Every answer that is not the page is JSON; every error has the API's error shape
/// <c>{"error":{"type","message"},"requestId"}</c>, including the server's own (body too large, too slow, failed).
/// </summary>
public sealed partial class EngineHttpServer : IAsyncDisposable
{
    public const string FunctionName = "conveyor-local-api";

    /// <summary>How long one request may take, body included, before it is answered 503 (API Gateway's limit is 30 s).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly ApiHandler _api;
    private readonly EngineStatusReader _status;
    private readonly DashboardEndpoints _dashboard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly LocalApiAuth? _auth;
    private readonly LocalJwtVerifier? _verifier;
    private readonly DurableApiEndpoints? _durableApi;

    private EngineHttpServer(WebApplication app, ApiHandler api, EngineStatusReader status, DashboardEndpoints dashboard, LocalApiAuth? auth, DurableApiEndpoints? durableApi, TimeProvider time, ILogger logger)
    {
        _durableApi = durableApi;
        _app = app;
        _api = api;
        _status = status;
        _dashboard = dashboard;
        _auth = auth;
        _verifier = auth?.JwtSecret is { } secret ? new LocalJwtVerifier(secret, time) : null;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Starts listening on the loopback interface; port 0 picks a free port. With <paramref name="durableApi"/>, the
    /// durable execution API's paths (<see cref="DurableApiEndpoints.PathPrefix"/>) are served by it, with Lambda's
    /// SigV4 authorization instead of the API's tokens.
    /// </summary>
    /// <exception cref="InvalidOperationException">The port is taken.</exception>
    public static async Task<EngineHttpServer> StartAsync(
        int port, ApiHandler api, EngineStatusReader status, DashboardEndpoints dashboard, LocalApiAuth? auth, DurableApiEndpoints? durableApi, TimeProvider time, ILogger<EngineHttpServer> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(dashboard);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = PayloadLimits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MaxConcurrentConnections = 256;
        });
        var app = builder.Build();
        var server = new EngineHttpServer(app, api, status, dashboard, auth, durableApi, time, logger);
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Cannot listen on http://127.0.0.1:{port}/ ({ex.Message}); pass another --port (0 picks a free one).", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://127.0.0.1:{port}";
        server.BaseAddress = new Uri(bound.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, context.RequestAborted);
        budget.CancelAfter(RequestTimeout);
        var response = context.Response;
        response.Headers["x-content-type-options"] = "nosniff";
        try
        {
            var path = context.Request.Path.Value ?? "/";
            var get = HttpMethods.IsGet(context.Request.Method);
            if (get && DashboardEndpoints.IsAsset(path))
            {
                await WriteAsync(response, DashboardEndpoints.Asset(path), budget.Token).ConfigureAwait(false);
                return;
            }

            if (_durableApi is not null && DurableApiEndpoints.Serves(path))
            {
                await _durableApi.HandleAsync(context, budget.Token).ConfigureAwait(false);
                return;
            }

            var (jwt, refusal) = Authenticate(context.Request, requestId);
            if (refusal is not null)
            {
                response.Headers["www-authenticate"] = "Bearer";
                await WriteAsync(response, refusal, budget.Token).ConfigureAwait(false);
                return;
            }

            if (get && (path == "/local/status" || DashboardEndpoints.IsRead(path)))
            {
                if (_auth?.RequireToken == true && !CanSeeEveryTenant(jwt))
                {
                    await WriteAsync(response, ApiHandler.ErrorResponse(403, ApiErrorTypes.Forbidden, "The engine status and dashboard show every tenant; they need a token with the cross-tenant scope.", requestId), budget.Token).ConfigureAwait(false);
                    return;
                }

                if (path != "/local/status")
                {
                    await WriteAsync(response, await _dashboard.ReadAsync(context.Request, requestId, budget.Token).ConfigureAwait(false), budget.Token).ConfigureAwait(false);
                    return;
                }

                var status = await _status.ReadAsync(budget.Token).ConfigureAwait(false);
                await WriteAsync(response, 200, "application/json", EngineStatusJson.Serialize(status), budget.Token).ConfigureAwait(false);
                return;
            }

            var request = await HttpApiRequests.FromAsync(context, requestId, _time.GetUtcNow(), budget.Token).ConfigureAwait(false);
            if (jwt is not null)
            {
                request = request with { RequestContext = request.RequestContext with { Authorizer = new HttpApiAuthorizer { Jwt = jwt } } };
            }

            var lambda = new InProcessLambdaContext(requestId, FunctionName, _time.GetUtcNow() + RequestTimeout, _time, budget.Token);
            var result = await _api.HandleAsync(request, lambda, budget.Token).ConfigureAwait(false);
            await WriteAsync(response, result, budget.Token).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            var (type, message) = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? (ApiErrorTypes.PayloadTooLarge, $"The request body is larger than {PayloadLimits.MaxRequestBodyBytes:N0} bytes; put large data in a bucket and pass its key.")
                : (ApiErrorTypes.Validation, $"The request could not be read: {ex.Message}");
            await TryWriteErrorAsync(context, ex.StatusCode, type, message, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nobody is there to answer.
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            var stopping = _stop.IsCancellationRequested;
            await TryWriteErrorAsync(
                context,
                503,
                stopping ? ApiErrorTypes.Unavailable : ApiErrorTypes.Timeout,
                stopping ? "The engine is stopping; retry when it runs again." : $"The request took longer than {RequestTimeout.TotalSeconds:0} s; retry.",
                requestId).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One failed request must not stop the server; the caller gets a 500 in the API's error shape.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRequestFailed(ex, ex.GetType().Name, requestId);
            await TryWriteErrorAsync(context, 500, ApiErrorTypes.Internal, "The local server failed; quote the request id from the engine log.", requestId).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The verified token of a request, or the 401 answer: a token this engine cannot verify (no secret configured, bad
    /// signature, expired) is refused rather than ignored, and so is a request without one when a token is required.
    /// </summary>
    private (HttpApiJwtDescription? Jwt, HttpApiResponse? Refusal) Authenticate(HttpRequest request, string requestId)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return _auth?.RequireToken == true
                ? (null, Unauthorized("This engine requires a token: send Authorization: Bearer <HS256 JWT signed with its secret>.", requestId))
                : (null, null);
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized("The Authorization header must be 'Bearer <token>'.", requestId));
        }

        if (_verifier is null)
        {
            return (null, Unauthorized($"This engine verifies no tokens; start it with {LocalApiAuth.SecretVariable} set to use them.", requestId));
        }

        var (jwt, problem) = _verifier.Verify(header["Bearer ".Length..].Trim());
        return jwt is null ? (null, Unauthorized(problem!, requestId)) : (jwt, null);
    }

    private static bool CanSeeEveryTenant(HttpApiJwtDescription? jwt) =>
        jwt is not null && !jwt.Claims.ContainsKey(ApiCaller.TenantClaim) && (jwt.Scopes ?? []).Contains(ApiCaller.CrossTenantScope, StringComparer.Ordinal);

    private static HttpApiResponse Unauthorized(string message, string requestId) =>
        ApiHandler.ErrorResponse(401, ApiErrorTypes.Unauthorized, message, requestId);

    private async Task TryWriteErrorAsync(HttpContext context, int status, string type, string message, string requestId)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        try
        {
            await WriteAsync(context.Response, ApiHandler.ErrorResponse(status, type, message, requestId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            LogRequestFailed(ex, ex.GetType().Name, requestId);
        }
    }

    private static async Task WriteAsync(HttpResponse response, HttpApiResponse result, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in result.Headers ?? new Dictionary<string, string>())
        {
            if (!string.Equals(name, "content-length", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }

        var body = result.Body is null ? [] : result.IsBase64Encoded ? Convert.FromBase64String(result.Body) : Encoding.UTF8.GetBytes(result.Body);
        response.StatusCode = result.StatusCode;
        if (result.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            // No body, and HTTP forbids a Content-Length on these (Kestrel refuses one).
            return;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP request {RequestId} failed with {ErrorType}")]
    private partial void LogRequestFailed(Exception exception, string errorType, string requestId);
}
