using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Conveyor.Aws.Tests.Fakes;

/// <summary>
/// Plays an AWS endpoint from a script of (status, JSON body) answers, one per request, and records the requests, so
/// tests can count attempts the SDK and the retry pipeline make. Plug in with <see cref="Factory"/>.
/// </summary>
public sealed class ScriptedHttpHandler(params (HttpStatusCode Status, string Body)[] script) : HttpMessageHandler
{
    private readonly List<string> _requests = [];

    public IReadOnlyList<string> Requests => _requests;

    public int Calls => _requests.Count;

    public HttpClientFactory Factory => new ScriptedFactory(this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(body);
        }

        var (status, json) = script[Math.Min(_requests.Count, script.Length) - 1];
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };
        response.Headers.Add("x-amzn-RequestId", $"req-{_requests.Count}");
        return response;
    }

    private sealed class ScriptedFactory(ScriptedHttpHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
    }
}
