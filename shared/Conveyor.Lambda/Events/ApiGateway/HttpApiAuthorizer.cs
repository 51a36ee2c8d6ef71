using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.ApiGateway;

/// <summary><c>requestContext.authorizer</c>; only the JWT authorizer is modelled.</summary>
public sealed record HttpApiAuthorizer
{
    [JsonPropertyName("jwt")]
    public HttpApiJwtDescription? Jwt { get; init; }
}
