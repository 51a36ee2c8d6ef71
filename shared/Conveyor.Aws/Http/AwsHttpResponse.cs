using System.Net;

namespace Conveyor.Aws.Http;

/// <summary>A successful AWS response: status, body and request id, and the response headers a REST protocol returns members in.</summary>
public sealed record AwsHttpResponse(HttpStatusCode StatusCode, ReadOnlyMemory<byte> Body, string? RequestId)
{
    /// <summary>Response headers (first value of each), names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
