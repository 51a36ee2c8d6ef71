using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The engine's Kestrel server on hostile requests: every answer but the page is JSON in the API's error shape.</summary>
public sealed class HttpServerTests : EngineHttpTest
{
    [Fact]
    public async Task Post_WhenThereIsNoBodyAndNoContentLength_ShouldAnswer400InTheErrorShape()
    {
        var (status, headers, body) = await RawAsync("POST /tasks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, status);
        Assert.Contains("content-type: application/json", headers, StringComparison.OrdinalIgnoreCase);
        AssertErrorShape(body, "ValidationError");
    }

    [Fact]
    public async Task Post_WhenTheBodyIsInvalidUtf8_ShouldAnswer400AndStoreNothing()
    {
        using var content = new ByteArrayContent([.. "{\"tenant\":\"web\",\"type\":\"echo\",\"input\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new("application/json");

        using var response = await Http.PostAsync("tasks", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertErrorShape(await response.Content.ReadAsStringAsync(), "ValidationError");
        Assert.Empty(await Fixture.ListAsync(TaskKind.Task));
    }

    [Fact]
    public async Task Post_WhenTheBodyIsOverTheRequestLimit_ShouldAnswer413InTheErrorShape()
    {
        using var content = new ByteArrayContent(new byte[PayloadLimits.MaxRequestBodyBytes + 1]);
        content.Headers.ContentType = new("application/json");

        using var response = await Http.PostAsync("tasks", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertErrorShape(await response.Content.ReadAsStringAsync(), "PayloadTooLarge");
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("DELETE", "/tasks")]
    [InlineData("PUT", "/local/status")]
    [InlineData("GET", "/tasks/%ZZ")]
    public async Task Request_WhenTheRouteOrMethodIsWrong_ShouldAnswerJsonErrors(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));

        using var response = await Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertErrorShape(await response.Content.ReadAsStringAsync(), null);
    }

    [Fact]
    public async Task Dashboard_ShouldBeServedWithAPolicyThatLoadsNothingFromElsewhere()
    {
        using var response = await Http.GetAsync(string.Empty);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", string.Join(';', response.Headers.GetValues("content-security-policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("x-content-type-options").Single());
    }

    [Fact]
    public async Task Server_AfterHostileRequests_ShouldStillCreateAndProcessTasks()
    {
        await RawAsync("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{\"a\"");
        await RawAsync("GARBAGE\r\n\r\n");
        using var created = await Http.PostAsync("tasks", new StringContent("""{"tenant":"web","type":"echo","input":{"n":1}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await Fixture.ListAsync(TaskKind.Task)).Any(t => t.Status == TrackedTaskStatus.Completed), TimeSpan.FromSeconds(20)));
    }

    internal static void AssertErrorShape(string body, string? type)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        if (type is not null)
        {
            Assert.Equal(type, error.GetProperty("type").GetString());
        }

        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("requestId").GetString()));
    }

    private async Task<(int Status, string Headers, string Body)> RawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Fixture.Engine.BaseAddress!.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return (0, text, string.Empty);
        }

        var head = text[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, text[(split + 4)..]);
    }
}
