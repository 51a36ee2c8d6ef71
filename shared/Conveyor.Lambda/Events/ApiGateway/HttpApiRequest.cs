using System.Text;
using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.ApiGateway;

/// <summary>An API Gateway HTTP API request, payload format version 2.0.</summary>
public sealed record HttpApiRequest
{
    [JsonPropertyName("version")]
    public string Version { get; set; } = "2.0";

    /// <summary>
    /// Present only in payload format 1.0 events (API Gateway REST APIs, or HTTP APIs set to 1.0), which carry the method
    /// and path as <c>httpMethod</c> / <c>path</c> instead of <c>requestContext.http</c> / <c>rawPath</c>.
    /// </summary>
    [JsonPropertyName("httpMethod")]
    public string? HttpMethod { get; init; }

    /// <summary>Payload format 1.0 only: the request path (see <see cref="HttpMethod"/>).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("rawPath")]
    public string RawPath { get; set; } = "/";

    [JsonPropertyName("rawQueryString")]
    public string RawQueryString { get; set; } = "";

    [JsonPropertyName("cookies")]
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Header names are lower-case; repeated headers arrive comma-joined.</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("queryStringParameters")]
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("pathParameters")]
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    [JsonPropertyName("stageVariables")]
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    [JsonPropertyName("requestContext")]
    public HttpApiRequestContext RequestContext { get; set; } = new();

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>The body as text, base64-decoded when API Gateway encoded it.</summary>
    public string? DecodeBody() =>
        Body is null ? null : IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(Body)) : Body;
}
