using System.Net;
using System.Text;

namespace Conveyor.Aws.Tests.Http;

/// <summary>A fake transport: records each request (with its body read eagerly) and answers from a script.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();
    private Func<HttpResponseMessage>? _fallback;

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingHandler Respond(HttpStatusCode status, string body = "{}", string contentType = "application/x-amz-json-1.0", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(() => Build(status, body, contentType, headers));
        return this;
    }

    public RecordingHandler Always(HttpStatusCode status, string body = "{}", string contentType = "application/x-amz-json-1.0")
    {
        _fallback = () => Build(status, body, contentType, []);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.ToString(),
            body));
        var next = _script.Count > 0 ? _script.Dequeue() : _fallback ?? throw new InvalidOperationException("No scripted response left.");
        return next();
    }

    private static HttpResponseMessage Build(HttpStatusCode status, string body, string contentType, (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
