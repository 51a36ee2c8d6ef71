using System.Net;

namespace Conveyor.Aws.Http;

/// <summary>
/// What an AWS error response said: the error code (namespace stripped), message, HTTP status and request id.
/// <see cref="RawSnippet"/> holds the start of a body that could not be parsed (HTML from a proxy, truncated JSON).
/// </summary>
public sealed record AwsErrorDetails(
    string ErrorCode,
    string Message,
    HttpStatusCode StatusCode,
    string? RequestId = null,
    string? RawSnippet = null);
