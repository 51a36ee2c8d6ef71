using Conveyor.Core.Validation;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// How the local API treats tokens. With a <see cref="JwtSecret"/>, a request's <c>Authorization: Bearer</c> HS256 token
/// is verified and its claims reach the Api handler as the HTTP API JWT authorizer passes them on AWS (so the same
/// tenant rules apply); with <see cref="RequireToken"/>, a request without a valid token is refused 401.
/// From <c>conveyor up</c>'s environment: <c>CONVEYOR_API_JWT_SECRET</c> (at least 32 bytes) and <c>CONVEYOR_API_REQUIRE_TOKEN=1</c>.
/// </summary>
public sealed record LocalApiAuth : IValidatedOptions<LocalApiAuth>
{
    public const string SecretVariable = "CONVEYOR_API_JWT_SECRET";
    public const string RequireVariable = "CONVEYOR_API_REQUIRE_TOKEN";
    public const int MinSecretBytes = 32;

    public string? JwtSecret { get; init; }

    public bool RequireToken { get; init; }

    /// <summary>Reads the two variables; null when neither is set. <see cref="Validate"/> checks them (the engine does, at start).</summary>
    public static LocalApiAuth? FromEnvironment(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var secret = read(SecretVariable);
        var require = read(RequireVariable) is "1" or "true" or "TRUE" or "True";
        return string.IsNullOrEmpty(secret) && !require ? null : new LocalApiAuth { JwtSecret = string.IsNullOrEmpty(secret) ? null : secret, RequireToken = require };
    }

    /// <exception cref="ValidationException">A secret shorter than <see cref="MinSecretBytes"/>, or a token required without a secret.</exception>
    public LocalApiAuth Validate()
    {
        if (JwtSecret is not null && System.Text.Encoding.UTF8.GetByteCount(JwtSecret) < MinSecretBytes)
        {
            throw new ValidationException($"{SecretVariable} must be at least {MinSecretBytes} bytes long (an HS256 key).", nameof(JwtSecret));
        }

        if (RequireToken && JwtSecret is null)
        {
            throw new ValidationException($"{RequireVariable} needs {SecretVariable}: without a secret no token can be verified.", nameof(RequireToken));
        }

        return this;
    }
}
