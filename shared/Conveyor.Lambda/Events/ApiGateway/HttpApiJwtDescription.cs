using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.ApiGateway;

/// <summary>The validated token's claims as API Gateway flattens them (every value a string; arrays as <c>[a b]</c>).</summary>
public sealed record HttpApiJwtDescription
{
    [JsonPropertyName("claims")]
    public IReadOnlyDictionary<string, string> Claims { get; set; } = new Dictionary<string, string>();

    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }
}
