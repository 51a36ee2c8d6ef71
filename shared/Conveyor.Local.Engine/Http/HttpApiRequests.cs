using System.Net;
using System.Text;
using Conveyor.Lambda.Events.ApiGateway;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// Converts a Kestrel request into the API Gateway HTTP API payload v2 the Api function receives on AWS: lower-case
/// headers (repeated ones comma-joined), raw and parsed query string, the body (base64 when not text, or when a text
/// body is not valid UTF-8 — so the handler sees the bytes and refuses them instead of storing U+FFFD), and a request
/// context with method, path, source IP, request id and time.
/// </summary>
public static class HttpApiRequests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<HttpApiRequest> FromAsync(HttpContext context, string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(',', values.ToArray());
        }

        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var query = ParseQuery(rawQuery);
        string? body = null;
        var base64 = false;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length > 0)
            {
                var bytes = buffer.ToArray();
                body = IsText(request.ContentType) ? TryDecode(bytes) : null;
                base64 = body is null;
                body ??= Convert.ToBase64String(bytes);
            }
        }

        var path = request.Path.Value is { Length: > 0 } p ? p : "/";
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
                DomainName = request.Host.HasValue ? request.Host.Value : null,
                Http = new HttpApiHttpDescription
                {
                    Method = request.Method,
                    Path = path,
                    Protocol = request.Protocol,
                    SourceIp = context.Connection.RemoteIpAddress?.ToString(),
                    UserAgent = headers.GetValueOrDefault("user-agent"),
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

    private static string? TryDecode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsText(string? contentType) =>
        contentType is null
        || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
