using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Local.Buckets;
using Conveyor.Local.Queue;
using Conveyor.Testing;
using Conveyor.Testing.Generation;
using Xunit.Abstractions;

namespace Conveyor.Local.Engine.Tests.Reliability;

/// <summary>
/// R4 on the embedded engine: 300 generated malformed HTTP requests against the real Kestrel server (methods, paths,
/// queries, headers, bodies) and 40 malformed files dropped into the buckets. Every request gets the API's JSON error
/// shape (or a valid answer), nothing answers 5xx, no file event is lost or crashes a loop, and the engine still
/// processes a task afterwards.
/// </summary>
public sealed class MalformedHttpSuiteTests(ITestOutputHelper output)
{
    private const int Requests = 300;
    private const int Files = 40;
    private const int Seed = 4242;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "POST", "GET"];
    private static readonly string[] Paths =
    [
        "/tasks", "/tasks/", "/tasks//", "/tasks/TASK%23a%23echo%2301ARZ3NDEKTSV4RRFFQ69G5FAV", "/tasks/%ZZ", "/tasks/%00", "/tasks/..%2F..%2Fetc%2Fpasswd",
        "/tasks/SFN_TASK%23a%23csv%2301ARZ3NDEKTSV4RRFFQ69G5FAV/subtasks", "/tasks/x/progress", "/tasks/a/b/c/d", "/local/status/x", "/dev/tasks",
        "/tasks/" + new string('a', 3000), "/t%C3%28sks", "/tasks/%E2%80%AE", "/TASKS", "/tasks?", "/local",
    ];

    private static readonly string[] Queries =
    [
        "", "?tenant=a", "?tenant=a&tenant=b", "?tenant=%EF%BB%BFa", "?tenant=a%E2%80%8B", "?limit=0&tenant=a", "?limit=-1&tenant=a", "?limit=99999999999&tenant=a",
        "?next=garbage&tenant=a", "?next=%FF%FE&tenant=a", "?kind=x&tenant=a", "?order=sideways&tenant=a", "?tenant=", "?tenant=%ZZ", "?=&&&=",
    ];

    private static readonly string[] ContentTypes = ["application/json", "text/plain", "application/octet-stream", "application/json; charset=latin1", "multipart/form-data; boundary=x"];

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R4_MalformedRequestsAndFiles_ShouldGetClearErrorsAndLeaveTheEngineProcessing()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Port = 0 });
        using var http = new HttpClient { BaseAddress = fixture.Engine.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var random = new Random(Seed);
        const string sampleBody = """{"tenant":"acme","type":"echo","name":"greeting","input":{"message":"hello","n":[1,2.5,true,null]}}""";
        var (answered, clearErrors, transportRejections, crashes) = (0, 0, 0, new List<string>());
        for (var i = 0; i < Requests; i++)
        {
            var method = Methods[random.Next(Methods.Length)];
            var target = Paths[random.Next(Paths.Length)] + Queries[random.Next(Queries.Length)];
            using var request = new HttpRequestMessage(new HttpMethod(method), target.TrimStart('/'));
            if (method is "POST" or "PUT" or "PATCH" || random.Next(4) == 0)
            {
                request.Content = new ByteArrayContent(MalformedJson.Mutate(sampleBody, random));
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentTypes[random.Next(ContentTypes.Length)]);
            }

            if (random.Next(5) == 0) { request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "Bearer x.y.z" : "Basic Zm9vOmJhcg=="); }
            if (random.Next(5) == 0) { request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', random.Next(0, 300))); }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status == 400 && text.Length == 0 && response.Headers.ConnectionClose == true)
            {
                // Not valid HTTP (e.g. a NUL in the path): Kestrel refuses it before any application code runs.
                transportRejections++;
            }
            else if (status >= 500 || !IsJson(text, status, out var isError))
            {
                crashes.Add($"{method} {target} → {status}: {text[..Math.Min(300, text.Length)]}");
            }
            else if (isError)
            {
                clearErrors++;
            }
            else
            {
                answered++;
            }
        }

        var queue = fixture.Get<EngineQueues>().BucketEvents;
        for (var i = 0; i < Files; i++)
        {
            var bucket = i % 2 == 0 ? "csv-import" : "profile-pictures";
            var key = i % 2 == 0 ? $"bad-{i}.csv" : (i % 4 == 1 ? $".{i}" : $"{i}.jpg");
            var content = MalformedJson.Mutate("name,email\nann,ann@example.com\n", random);
            var stored = await fixture.Objects.PutAsync(bucket, key, new MemoryStream(content), null, CancellationToken.None);
            await queue.SendAsync(new QueueSendRequest(S3EventJson.Build(S3EventJson.ObjectCreatedPut, bucket, key, stored.Size, stored.ETag, S3EventJson.Sequencer(i + 1), DateTimeOffset.UtcNow)), CancellationToken.None);
        }

        var drained = await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromMinutes(2));
        var deadFiles = (await queue.DeadLetterQueue().GetCountsAsync(CancellationToken.None)).Total;
        using var created = await http.PostAsync("tasks", new StringContent("""{"tenant":"after","type":"echo","input":{"still":"working"}}""", Encoding.UTF8, "application/json"));
        var stillProcessing = created.StatusCode == HttpStatusCode.Created && await EngineFixture.EventuallyAsync(
            async () => (await fixture.ListAsync(TaskKind.Task)).Any(t => t.Tenant == "after" && t.Status == TrackedTaskStatus.Completed), TimeSpan.FromSeconds(60));
        output.WriteLine($"R4 malformed HTTP + files (seed {Seed}): {Requests} requests → {clearErrors} clear JSON errors, {transportRejections} refused by Kestrel as invalid HTTP (bare 400), {answered} valid answers, {crashes.Count} crashes; " +
            $"{Files} malformed files → queue drained: {drained}, {deadFiles} dead-lettered; engine still processing: {stillProcessing}");

        Assert.True(crashes.Count == 0, string.Join('\n', crashes));
        Assert.True(drained, "every file event was handled or dead-lettered");
        Assert.True(stillProcessing, "the engine processes a task after the hostile input");
    }

    private static bool IsJson(string text, int status, out bool isError)
    {
        isError = status >= 400;
        if (text.Length == 0)
        {
            return status is 201 or 204 && !isError;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return !isError || (document.RootElement.GetProperty("error").GetProperty("message").GetString() is { Length: > 0 }
                && document.RootElement.GetProperty("requestId").GetString() is { Length: > 0 });
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
