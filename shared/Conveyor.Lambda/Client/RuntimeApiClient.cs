using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Conveyor.Lambda.ExceptionHandling;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Lambda.Client;

/// <summary>
/// <see cref="IRuntimeApiClient"/> over HTTP. The <see cref="HttpClient"/> must have its <see cref="HttpClient.BaseAddress"/>
/// set to <c>http://$AWS_LAMBDA_RUNTIME_API/</c> and an infinite timeout: <c>next</c> blocks until an event arrives,
/// which may be minutes or hours while the sandbox is frozen.
/// </summary>
public sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    private const string Prefix = RuntimeApiHeaders.ApiVersion + "/runtime/";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeHeaderValue ErrorContentType = new(RuntimeApiHeaders.ErrorContentType);

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;

    public RuntimeApiClient(HttpClient http) : this(http, ownsHttpClient: false) { }

    private RuntimeApiClient(HttpClient http, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (http://$AWS_LAMBDA_RUNTIME_API/).", nameof(http));
        }

        _http = http;
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>Creates a client for <paramref name="runtimeApi"/>, the <c>host:port</c> in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public static RuntimeApiClient Create(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return new RuntimeApiClient(http, ownsHttpClient: true);
    }

    public async Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            new Uri(Prefix + "invocation/next", UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, "next", cancellationToken);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        var requestId = Header(response, RuntimeApiHeaders.RequestId)
            ?? throw new RuntimeApiException($"The next invocation has no {RuntimeApiHeaders.RequestId} header.");
        var deadlineText = Header(response, RuntimeApiHeaders.DeadlineMs);
        if (!long.TryParse(deadlineText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var deadlineMs))
        {
            throw new RuntimeApiException($"The next invocation has no valid {RuntimeApiHeaders.DeadlineMs} header ('{deadlineText}').");
        }

        return new InvocationRequest
        {
            RequestId = requestId,
            Deadline = DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            InvokedFunctionArn = Header(response, RuntimeApiHeaders.InvokedFunctionArn),
            TraceId = Header(response, RuntimeApiHeaders.TraceId),
            ClientContext = Header(response, RuntimeApiHeaders.ClientContext),
            CognitoIdentity = Header(response, RuntimeApiHeaders.CognitoIdentity),
            Payload = payload,
        };
    }

    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        using var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = JsonContentType;
        await PostAsync(Prefix + $"invocation/{Uri.EscapeDataString(requestId)}/response", content, "response", cancellationToken);
    }

    public Task PostInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return PostErrorAsync(Prefix + $"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);
    }

    public Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken) =>
        PostErrorAsync(Prefix + "init/error", error, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private async Task PostErrorAsync(string path, LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var body = JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.LambdaError);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = ErrorContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, error.ErrorType);
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, path, cancellationToken);
    }

    private async Task PostAsync(string path, HttpContent content, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        await EnsureSuccessAsync(response, what, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new RuntimeApiException(
            response.StatusCode,
            $"Runtime API '{what}' answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
