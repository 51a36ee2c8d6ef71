using System.Text;
using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.ApiGateway;

/// <summary>An API Gateway HTTP API request, payload format version 2.0.</summary>
public sealed record HttpApiRequest
{
    [JsonPropertyName("version")]
    public string Version { get; set; } = "2.0";

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
