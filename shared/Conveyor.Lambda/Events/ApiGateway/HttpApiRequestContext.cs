using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.ApiGateway;

/// <summary>The <c>requestContext</c> of an HTTP API v2 request.</summary>
public sealed record HttpApiRequestContext
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("apiId")]
    public string? ApiId { get; init; }

    [JsonPropertyName("authorizer")]
    public HttpApiAuthorizer? Authorizer { get; init; }

    [JsonPropertyName("domainName")]
    public string? DomainName { get; init; }

    [JsonPropertyName("http")]
    public HttpApiHttpDescription Http { get; set; } = new();

    [JsonPropertyName("requestId")]
    public string RequestId { get; set; } = "";

    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("timeEpoch")]
    public long TimeEpoch { get; init; }
}
