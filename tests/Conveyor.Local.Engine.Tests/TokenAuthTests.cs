using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Local.Engine.Http;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The local API with tokens: HS256 JWTs verified by the engine, the Api function's tenant rules applied to their claims.</summary>
public sealed class TokenAuthTests
{
    private const string Secret = "a-local-development-secret-of-32+bytes";

    [Fact]
    public async Task RequiredTokens_ShouldRefuseMissingForgedExpiredAndAlgNoneTokensWith401()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Port = 0, ApiAuth = new LocalApiAuth { JwtSecret = Secret, RequireToken = true } });
        using var http = new HttpClient { BaseAddress = fixture.Engine.BaseAddress };
        var expired = Token(new() { ["custom:tenant"] = "a", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds() });
        var forged = LocalJwtVerifier.Sign("another-secret-that-is-32-bytes-long!!", new Dictionary<string, object> { ["custom:tenant"] = "a" });
        var algNone = "eyJhbGciOiJub25lIn0." + Convert.ToBase64String("""{"custom:tenant":"a"}"""u8.ToArray()).TrimEnd('=') + ".";

        foreach (var token in new string?[] { null, expired, forged, algNone, "not-a-jwt" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "tasks?tenant=a");
            if (token is not null) { request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token); }

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            HttpServerTests.AssertErrorShape(await response.Content.ReadAsStringAsync(), ApiErrorTypes.Unauthorized);
        }
    }

    [Fact]
    public async Task TenantToken_ShouldActForItsTenantOnlyOnEveryRoute()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Port = 0, ApiAuth = new LocalApiAuth { JwtSecret = Secret, RequireToken = true } });
        using var http = new HttpClient { BaseAddress = fixture.Engine.BaseAddress };
        var other = (await fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("b", "echo", Json("""{"note":"secret-of-b"}""")), CancellationToken.None)).Task;
        var a = Token(new() { ["sub"] = "alice", ["custom:tenant"] = "a" });

        using var created = await SendAsync(http, HttpMethod.Post, "tasks", a, """{"type":"echo","input":{"n":1}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"createdBy\":\"alice\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, "tasks", """{"tenant":"b","type":"echo","input":{}}"""),
            (HttpMethod.Get, "tasks?tenant=b", null),
            (HttpMethod.Get, "tasks/" + Uri.EscapeDataString(other.Id), null),
            (HttpMethod.Get, "local/status", null),
            (HttpMethod.Get, "dead-letters", null),
            (HttpMethod.Post, "dead-letters/any-message/redrive", null),
        })
        {
            using var response = await SendAsync(http, method, path, a, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("secret-of-b", text, StringComparison.Ordinal);
        }

        var noTenant = Token(new() { ["sub"] = "robot" });
        using var refused = await SendAsync(http, HttpMethod.Get, "tasks?tenant=b", noTenant, null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var crossTenant = Token(new() { ["sub"] = "ops", ["scope"] = "openid " + ApiCaller.CrossTenantScope });
        using var allowed = await SendAsync(http, HttpMethod.Get, "tasks?tenant=b", crossTenant, null);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var status = await SendAsync(http, HttpMethod.Get, "local/status", crossTenant, null);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var deadLetters = await SendAsync(http, HttpMethod.Get, "dead-letters", crossTenant, null);
        Assert.Equal(HttpStatusCode.OK, deadLetters.StatusCode);
        using var noTenantDeadLetters = await SendAsync(http, HttpMethod.Get, "dead-letters", noTenant, null);
        Assert.Equal(HttpStatusCode.Forbidden, noTenantDeadLetters.StatusCode);
    }

    [Fact]
    public async Task TokenPresented_WhenTheEngineHasNoSecret_ShouldBeRefusedRatherThanIgnored()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Port = 0 });
        using var http = new HttpClient { BaseAddress = fixture.Engine.BaseAddress };

        using var response = await SendAsync(http, HttpMethod.Get, "tasks?tenant=b", Token(new() { ["custom:tenant"] = "a" }), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(LocalApiAuth.SecretVariable, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShouldRefuseAShortSecretAndARequirementWithoutSecretNamingTheVariable()
    {
        Assert.Null(LocalApiAuth.FromEnvironment(_ => null));
        var shortSecret = Assert.Throws<ValidationException>(() => LocalApiAuth.FromEnvironment(name => name == LocalApiAuth.SecretVariable ? "short" : null)!.Validate());
        var noSecret = Assert.Throws<ValidationException>(() => LocalApiAuth.FromEnvironment(name => name == LocalApiAuth.RequireVariable ? "1" : null)!.Validate());
        Assert.True(LocalApiAuth.FromEnvironment(name => name == LocalApiAuth.RequireVariable ? "1" : Secret)!.Validate().RequireToken);
        Assert.StartsWith(LocalApiAuth.SecretVariable, shortSecret.Message, StringComparison.Ordinal);
        Assert.StartsWith(LocalApiAuth.RequireVariable, noSecret.Message, StringComparison.Ordinal);
    }

    private static string Token(Dictionary<string, object> claims) => LocalJwtVerifier.Sign(Secret, claims);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) { request.Content = new StringContent(body, Encoding.UTF8, "application/json"); }
        return await http.SendAsync(request);
    }

    private static System.Text.Json.JsonElement Json(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
