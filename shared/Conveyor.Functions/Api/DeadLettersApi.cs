using System.Globalization;
using Conveyor.Core.Ports;
using Conveyor.Functions.DeadLetters;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>
/// The dead letters of the host's queues (<see cref="IDeadLetterStore"/>): <c>GET /dead-letters?limit=&amp;next=</c> lists
/// them newest first with their cause; <c>POST /dead-letters/{messageId}/redrive</c> sends one back to its source queue —
/// 200 with the re-drive (<c>moved</c> true), and 200 with the same re-drive (<c>moved</c> false) when asked again; 404 for
/// a message never dead-lettered, 409 <c>NotRedrivable</c> for one without a source queue. Dead letters belong to no
/// tenant, so a token must act for every tenant (no tenant claim; the cross-tenant scope).
/// </summary>
internal sealed class DeadLettersApi(IDeadLetterStore store)
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;

    /// <summary><c>GET /dead-letters?limit=&amp;next=</c>.</summary>
    public async Task<HttpApiResponse> ListAsync(HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        RequireEveryTenant(caller);
        var query = TasksApi.Query(request);
        var limit = query.GetValueOrDefault("limit") is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit
                ? n
                : throw ApiException.BadRequest($"limit must be a whole number from 1 to {MaxLimit}; got '{text}'.")
            : DefaultLimit;
        DeadLetterPage page;
        try
        {
            page = await store.ListAsync(limit, query.GetValueOrDefault("next") is { Length: > 0 } next ? next : null, cancellationToken);
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest(ex.Message, ex);
        }

        return ApiJson.Respond(200, ApiJson.Write(page, DeadLetterJson.WritePage));
    }

    /// <summary><c>POST /dead-letters/{messageId}/redrive</c>.</summary>
    public async Task<HttpApiResponse> RedriveAsync(string messageId, ApiCaller caller, CancellationToken cancellationToken)
    {
        RequireEveryTenant(caller);
        DeadLetterRedrive redrive;
        try
        {
            redrive = await store.RedriveAsync(messageId, cancellationToken)
                ?? throw ApiException.NotFound($"No dead letter {messageId}: it is in no dead-letter queue and was never re-driven.");
        }
        catch (DeadLetterNotRedrivableException ex)
        {
            throw new ApiException(409, ApiErrorTypes.NotRedrivable, ex.Message, ex);
        }

        return ApiJson.Respond(200, ApiJson.Write(redrive, DeadLetterJson.WriteRedrive));
    }

    private static void RequireEveryTenant(ApiCaller caller)
    {
        if (caller.Tenant is not null || (caller.HasToken && !caller.CrossTenant))
        {
            throw ApiException.Forbidden($"Dead letters belong to no tenant; only a token without a tenant and with the '{ApiCaller.CrossTenantScope}' scope may see or re-drive them.");
        }
    }
}
