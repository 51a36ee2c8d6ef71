using System.Text.Json;
using Conveyor.Functions.Api;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.ApiGateway;
using static Conveyor.Functions.Tests.Api.ApiHandlerTests;

namespace Conveyor.Functions.Tests.Api;

/// <summary>
/// Tenant A cannot read, list, page into or create in tenant B through any route — with A's token, with a token that
/// names no tenant, or with a continuation token taken from B's listing — while B's own token and a cross-tenant token can.
/// </summary>
public sealed class TenantIsolationTests
{
    [Fact]
    public async Task EveryRoute_WhenCalledForAnotherTenant_ShouldRefuseAndLeakNothing()
    {
        using var harness = new FunctionsHarness();
        var (single, parent, next) = await SeedTenantBAsync(harness);
        var callers = new (string Name, string? Tenant, IReadOnlyList<string>? Scopes)[]
        {
            ("token of tenant a", "a", null),
            ("token without tenant", null, null),
            ("token without tenant, other scopes", null, ["openid", "conveyor/read"]),
        };

        var tried = 0;
        foreach (var (name, tenant, scopes) in callers)
        {
            foreach (var request in Attempts(single, parent, next, tenant, scopes))
            {
                var response = await HandleAsync(harness, request);
                tried++;
                Assert.True(response.StatusCode is 403 or 400, $"{name}: {request.RequestContext.Http.Method} {request.RawPath}?{request.RawQueryString} answered {response.StatusCode}: {response.Body}");
                Assert.DoesNotContain("secret-of-b", response.Body!, StringComparison.Ordinal);
                Assert.DoesNotContain("TASK#b#", response.Body!, StringComparison.Ordinal);
            }
        }

        Assert.Equal(3 * 7, tried);
        Assert.Equal(6, harness.Store.Count); // B's 3 tasks + the parent's 3 subtasks: nothing created in B by anyone else
    }

    [Fact]
    public async Task ContinuationToken_WhenTakenFromAnotherTenantsListing_ShouldNotPageIntoIt()
    {
        using var harness = new FunctionsHarness();
        var (_, _, next) = await SeedTenantBAsync(harness);
        await harness.CreateTaskAsync("echo", """{"mine":true}""", tenant: "a");

        var response = await HandleAsync(harness, Request("GET", "/tasks", query: new() { ["next"] = next, ["limit"] = "1" }, tenantClaim: "a"));

        Assert.Equal(400, response.StatusCode);
        Assert.DoesNotContain("secret-of-b", response.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRoute_WhenCalledByTheTenantItselfOrACrossTenantToken_ShouldServe()
    {
        using var harness = new FunctionsHarness();
        var (single, parent, next) = await SeedTenantBAsync(harness);

        foreach (var (tenant, scopes) in new (string?, IReadOnlyList<string>?)[] { ("b", null), (null, [ApiCaller.CrossTenantScope]) })
        {
            foreach (var request in Attempts(single, parent, next, tenant, scopes))
            {
                var response = await HandleAsync(harness, request);
                Assert.True(response.StatusCode is 200 or 201, $"{request.RequestContext.Http.Method} {request.RawPath} answered {response.StatusCode}: {response.Body}");
            }
        }
    }

    /// <summary>Every route, aimed at tenant B: create, list, list a page with B's continuation token, get, subtasks, progress, get a subtask.</summary>
    private static IEnumerable<HttpApiRequest> Attempts(string single, string parent, string next, string? tenantClaim, IReadOnlyList<string>? scopes)
    {
        HttpApiRequest Make(string method, string path, string? body = null, Dictionary<string, string>? query = null) =>
            Request(method, path, body, query, tenantClaim: tenantClaim, stage: null, scopes: scopes);

        yield return Make("POST", "/tasks", """{"tenant":"b","type":"echo","input":{"planted":true}}""");
        yield return Make("GET", "/tasks", query: new() { ["tenant"] = "b" });
        yield return Make("GET", "/tasks", query: new() { ["tenant"] = "b", ["next"] = next, ["limit"] = "1" });
        yield return Make("GET", "/tasks/" + Uri.EscapeDataString(single));
        yield return Make("GET", "/tasks/" + Uri.EscapeDataString(parent) + "/subtasks");
        yield return Make("GET", "/tasks/" + Uri.EscapeDataString(parent) + "/progress");
        yield return Make("GET", "/tasks/" + Uri.EscapeDataString(parent + "#0"));
    }

    private static async Task<(string Single, string Parent, string Next)> SeedTenantBAsync(FunctionsHarness harness)
    {
        var single = await harness.CreateTaskAsync("echo", """{"note":"secret-of-b"}""", tenant: "b");
        await harness.CreateTaskAsync("echo", """{"note":"secret-of-b too"}""", tenant: "b");
        var parent = await harness.CreateTaskAsync("csv-import", """[{"email":"secret-of-b@x"},{"email":"b2@x"},{"email":"b3@x"}]""", stepFunction: true, tenant: "b");
        await harness.Tasks.CreateSubTasksAsync(parent.Key, CancellationToken.None);
        var page = await HandleAsync(harness, Request("GET", "/tasks", query: new() { ["limit"] = "1" }, tenantClaim: "b"));
        using var body = JsonDocument.Parse(page.Body!);
        var next = body.RootElement.GetProperty("next").GetString() ?? throw new InvalidOperationException("B's first page has no continuation token.");
        return (single.Id, parent.Id, next);
    }
}
