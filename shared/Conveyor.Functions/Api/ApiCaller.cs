using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>Who calls, from the JWT claims the HTTP API authorizer validated: the user (<c>sub</c>) and the tenant (<c>custom:tenant</c>).</summary>
internal sealed record ApiCaller(string? User, string? Tenant)
{
    public const string TenantClaim = "custom:tenant";
    public const string SubjectClaim = "sub";

    public static ApiCaller From(HttpApiRequest request)
    {
        var claims = request.RequestContext.Authorizer?.Jwt?.Claims;
        return new ApiCaller(Claim(claims, SubjectClaim), Claim(claims, TenantClaim));
    }

    /// <summary>
    /// The tenant a request acts for: the token's tenant when it has one (a different requested tenant is refused),
    /// otherwise the requested one, which is then required.
    /// </summary>
    /// <exception cref="ApiException">403 for another tenant than the token's; 400 when no tenant is known.</exception>
    public string ResolveTenant(string? requested, string where)
    {
        if (Tenant is not null)
        {
            return requested is null || string.Equals(requested, Tenant, StringComparison.Ordinal)
                ? Tenant
                : throw ApiException.Forbidden($"Your token is for tenant '{Tenant}'; tenant '{requested}' is not accessible.");
        }

        return string.IsNullOrWhiteSpace(requested)
            ? throw ApiException.BadRequest($"The tenant is missing; pass it as {where}.")
            : requested;
    }

    private static string? Claim(IReadOnlyDictionary<string, string>? claims, string name) =>
        claims is not null && claims.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
