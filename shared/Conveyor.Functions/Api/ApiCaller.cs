using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>
/// Who calls, from the JWT the HTTP API authorizer validated: the user (<c>sub</c>), the tenant (<c>custom:tenant</c>),
/// whether there was a token at all, and whether it carries the cross-tenant scope.
/// </summary>
/// <remarks>
/// The rules, the same on AWS and on the local engine: a token with a tenant acts for that tenant only; a token without
/// one acts for no tenant unless it has the <see cref="CrossTenantScope"/> scope (in the authorizer's <c>scopes</c> or the
/// token's <c>scope</c> claim), and then for the tenant it names; a request without a token (the local engine when it
/// does not require one; on AWS every route has the JWT authorizer) names its tenant.
/// </remarks>
public sealed record ApiCaller(string? User, string? Tenant, bool HasToken, bool CrossTenant)
{
    public const string TenantClaim = "custom:tenant";
    public const string SubjectClaim = "sub";
    public const string ScopeClaim = "scope";

    /// <summary>The OAuth scope (a Cognito resource-server scope) that lets a token without a tenant act for any tenant.</summary>
    public const string CrossTenantScope = "conveyor/cross-tenant";

    public static ApiCaller From(HttpApiRequest request)
    {
        var jwt = request.RequestContext.Authorizer?.Jwt;
        var claims = jwt?.Claims;
        var scopes = (jwt?.Scopes ?? []).Concat((Claim(claims, ScopeClaim) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return new ApiCaller(
            Claim(claims, SubjectClaim),
            Claim(claims, TenantClaim),
            jwt is not null,
            scopes.Contains(CrossTenantScope, StringComparer.Ordinal));
    }

    /// <summary>The tenant a request acts for (see the rules above).</summary>
    /// <exception cref="ApiException">403 for another tenant than the token's, or a token without tenant or cross-tenant scope; 400 when no tenant is known.</exception>
    public string ResolveTenant(string? requested, string where)
    {
        if (Tenant is not null)
        {
            return requested is null || string.Equals(requested, Tenant, StringComparison.Ordinal)
                ? Tenant
                : throw ApiException.Forbidden($"Your token is for tenant '{Tenant}'; tenant '{requested}' is not accessible.");
        }

        if (HasToken && !CrossTenant)
        {
            throw ApiException.Forbidden($"Your token has no '{TenantClaim}' claim, so it acts for no tenant; only a token with the '{CrossTenantScope}' scope may name one.");
        }

        return string.IsNullOrWhiteSpace(requested)
            ? throw ApiException.BadRequest($"The tenant is missing; pass it as {where}.")
            : requested;
    }

    private static string? Claim(IReadOnlyDictionary<string, string>? claims, string name) =>
        claims is not null && claims.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
