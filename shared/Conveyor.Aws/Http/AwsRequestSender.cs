using System.Net.Http.Headers;
using System.Text;
using Conveyor.Aws.Signing;
using Polly;

namespace Conveyor.Aws.Http;

/// <summary>
/// Sends one AWS call: builds the HTTP request, signs it (fresh credentials and date on every attempt), sends it,
/// and turns an error response into an <see cref="AwsServiceException"/>. Every call runs through the retry
/// pipeline, bounded by the caller's token. Shared by the JSON, REST-JSON and query protocols.
/// </summary>
public sealed class AwsRequestSender
{
    private readonly HttpClient _http;
    private readonly IAwsCredentialsSource _credentials;
    private readonly Lazy<ResiliencePipeline> _pipeline;
    private readonly TimeProvider _time;
    private readonly Func<AwsErrorDetails, AwsServiceException?>? _serviceErrors;

    public AwsRequestSender(
        HttpClient http,
        IAwsCredentialsSource credentials,
        AwsServiceEndpoint endpoint,
        ResiliencePipeline pipeline,
        TimeProvider time,
        Func<AwsErrorDetails, AwsServiceException?>? serviceErrors = null)
        : this(http, credentials, endpoint, new Lazy<ResiliencePipeline>(pipeline ?? throw new ArgumentNullException(nameof(pipeline))), time, serviceErrors)
    {
    }

    /// <summary>With a pipeline built on the first request (<see cref="Resilience.AwsResiliencePipelines.CreateLazy"/>).</summary>
    public AwsRequestSender(
        HttpClient http,
        IAwsCredentialsSource credentials,
        AwsServiceEndpoint endpoint,
        Lazy<ResiliencePipeline> pipeline,
        TimeProvider time,
        Func<AwsErrorDetails, AwsServiceException?>? serviceErrors = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _serviceErrors = serviceErrors;
    }

    public AwsServiceEndpoint Endpoint { get; }

    /// <summary>A sender like this one whose errors first go through <paramref name="serviceErrors"/>.</summary>
    public AwsRequestSender WithServiceErrors(Func<AwsErrorDetails, AwsServiceException?> serviceErrors) =>
        new(_http, _credentials, Endpoint, _pipeline, _time, serviceErrors);

    public async Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await _pipeline.Value.ExecuteAsync(
            static async (state, token) => await state.Sender.SendOnceAsync(state.Request, token),
            (Sender: this, Request: request),
            cancellationToken);
    }

    private async Task<AwsHttpResponse> SendOnceAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, BuildUri(request));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.ContentType is not null || !request.Body.IsEmpty)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        var credentials = await _credentials.GetCredentialsAsync(cancellationToken);
        var context = new SigV4Context(Endpoint.SigningName, Endpoint.Region, _time.GetUtcNow());
        await HttpRequestSigner.SignAsync(message, credentials, context, cancellationToken);

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
        if (response.IsSuccessStatusCode)
        {
            return new AwsHttpResponse(response.StatusCode, body, requestId)
            {
                Headers = response.Headers.ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? "", StringComparer.OrdinalIgnoreCase),
            };
        }

        var details = AwsErrorParser.Parse(response.StatusCode, body, Header(response, "x-amzn-ErrorType"), requestId);
        throw AwsErrorMapper.ToException(details, _serviceErrors);
    }

    private Uri BuildUri(AwsHttpRequest request)
    {
        var baseUri = Endpoint.ServiceUrl;
        var builder = new StringBuilder();
        builder.Append(baseUri.GetLeftPart(UriPartial.Authority));
        builder.Append(baseUri.AbsolutePath.TrimEnd('/'));
        builder.Append(request.Path.StartsWith('/') ? request.Path : "/" + request.Path);
        var separator = '?';
        foreach (var (name, value) in request.Query)
        {
            builder.Append(separator)
                .Append(SigV4Canonicalizer.UriEncode(name, encodeSlash: true))
                .Append('=')
                .Append(SigV4Canonicalizer.UriEncode(value, encodeSlash: true));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
