using System.Net;
using System.Text;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// Converts an <see cref="HttpListenerRequest"/> into the API Gateway HTTP API payload v2 the Api function receives on
/// AWS: lower-case headers (repeated ones comma-joined), raw and parsed query string, the body (base64 when not text),
/// and a request context with method, path, source IP, request id and time.
/// </summary>
public static class HttpApiRequests
{
    public static async Task<HttpApiRequest> FromAsync(HttpListenerRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in request.Headers.AllKeys)
        {
            if (name is null) { continue; }
            headers[name.ToLowerInvariant()] = string.Join(',', request.Headers.GetValues(name) ?? []);
        }

        var rawQuery = request.Url?.Query.TrimStart('?') ?? string.Empty;
        var query = ParseQuery(rawQuery);
        string? body = null;
        var base64 = false;
        if (request.HasEntityBody)
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            base64 = !IsText(request.ContentType);
            body = base64 ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
        }

        var requestId = Guid.NewGuid().ToString();
        var path = request.Url?.AbsolutePath ?? "/";
        return new HttpApiRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = path,
            RawQueryString = rawQuery,
            Headers = headers,
            QueryStringParameters = query.Count == 0 ? null : query,
            Body = body,
            IsBase64Encoded = base64,
            RequestContext = new HttpApiRequestContext
            {
                AccountId = "000000000000",
                ApiId = "local",
                DomainName = request.Url?.Authority,
                Http = new HttpApiHttpDescription
                {
                    Method = request.HttpMethod,
                    Path = path,
                    Protocol = "HTTP/" + request.ProtocolVersion.ToString(2),
                    SourceIp = request.RemoteEndPoint?.Address.ToString(),
                    UserAgent = request.UserAgent,
                },
                RequestId = requestId,
                RouteKey = "$default",
                Stage = "$default",
                TimeEpoch = now.ToUnixTimeMilliseconds(),
            },
        };
    }

    /// <summary>Query parameters as API Gateway gives them: decoded, repeated names comma-joined.</summary>
    public static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (rawQuery ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : WebUtility.UrlDecode(pair[(eq + 1)..]);
            result[name] = result.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        return result;
    }

    private static bool IsText(string? contentType) =>
        contentType is null
        || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
