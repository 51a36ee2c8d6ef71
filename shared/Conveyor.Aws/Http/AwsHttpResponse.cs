using System.Net;

namespace Conveyor.Aws.Http;

/// <summary>A successful AWS response: status, body and request id.</summary>
public sealed record AwsHttpResponse(HttpStatusCode StatusCode, ReadOnlyMemory<byte> Body, string? RequestId);
