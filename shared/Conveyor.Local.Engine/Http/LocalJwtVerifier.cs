using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// Verifies an HS256 JSON Web Token (RFC 7519/7515) with the engine's secret and turns it into the
/// <see cref="HttpApiJwtDescription"/> API Gateway's JWT authorizer passes on: every claim as a string (objects and arrays
/// as their JSON text), the scopes from the <c>scope</c> claim. Only <c>alg: HS256</c> is accepted (never <c>none</c>),
/// the signature is compared in fixed time, and <c>exp</c>/<c>nbf</c> are checked against the clock.
/// </summary>
public sealed class LocalJwtVerifier(string secret, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret ?? throw new ArgumentNullException(nameof(secret)));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The verified token's description, or the reason it is refused.</summary>
    public (HttpApiJwtDescription? Jwt, string? Problem) Verify(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "The bearer token is not a JWT (header.payload.signature).");
        }

        byte[] header, payload, signature;
        try
        {
            header = Base64Url(parts[0]);
            payload = Base64Url(parts[1]);
            signature = Base64Url(parts[2]);
        }
        catch (FormatException)
        {
            return (null, "The bearer token is not base64url-encoded.");
        }

        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        try
        {
            using var head = JsonDocument.Parse(header);
            if (head.RootElement.ValueKind != JsonValueKind.Object
                || !head.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return (null, "The bearer token must be signed with HS256.");
            }

            if (!CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                return (null, "The bearer token's signature is not valid for this engine.");
            }

            using var body = JsonDocument.Parse(payload);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The bearer token's payload is not a JSON object.");
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            if (body.RootElement.TryGetProperty("exp", out var exp) && (!exp.TryGetInt64(out var expires) || now > expires + (long)Skew.TotalSeconds))
            {
                return (null, "The bearer token has expired.");
            }

            if (body.RootElement.TryGetProperty("nbf", out var nbf) && (!nbf.TryGetInt64(out var notBefore) || now + (long)Skew.TotalSeconds < notBefore))
            {
                return (null, "The bearer token is not valid yet.");
            }

            var claims = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var claim in body.RootElement.EnumerateObject())
            {
                claims[claim.Name] = claim.Value.ValueKind == JsonValueKind.String ? claim.Value.GetString()! : claim.Value.GetRawText();
            }

            var scopes = claims.TryGetValue("scope", out var scope) ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
            return (new HttpApiJwtDescription { Claims = claims, Scopes = scopes }, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, "The bearer token's header or payload is not valid JSON.");
        }
    }

    /// <summary>Signs <paramref name="claims"/> (string or integer values) as an HS256 JWT — for tests and local development tokens.</summary>
    public static string Sign(string secret, IReadOnlyDictionary<string, object> claims)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(claims);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in claims)
            {
                switch (value)
                {
                    case string text: writer.WriteString(name, text); break;
                    case long number: writer.WriteNumber(name, number); break;
                    case int number: writer.WriteNumber(name, number); break;
                    default: throw new ArgumentException($"Claim values are strings or integers; '{name}' is {value.GetType().Name}.", nameof(claims));
                }
            }

            writer.WriteEndObject();
        }

        var head = ToBase64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var body = ToBase64Url(buffer.WrittenSpan.ToArray());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(head + "." + body));
        return head + "." + body + "." + ToBase64Url(signature);
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("bad length") };
        return Convert.FromBase64String(padded);
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
