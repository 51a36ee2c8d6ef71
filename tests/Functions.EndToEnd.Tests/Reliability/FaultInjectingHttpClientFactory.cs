using System.Text;
using Amazon.Runtime;

namespace Functions.EndToEnd.Tests.Reliability;

/// <summary>
/// Gives the AWS SDK clients an <see cref="HttpClient"/> that fails a set share of calls the ways AWS does (seeded):
/// a throttling error, a 500, a 503 before the request reaches the service, and a lost response — the request is
/// applied by the service and then the connection drops, so the caller cannot tell whether it happened.
/// </summary>
internal sealed class FaultInjectingHttpClientFactory(double rate, int seed) : HttpClientFactory
{
    private readonly Random _random = new(seed);
    private int _calls;
    private int _throttled;
    private int _serverErrors;
    private int _unavailable;
    private int _lostResponses;

    public int Calls => Volatile.Read(ref _calls);

    public string Summary => $"{Calls} calls: {_throttled} throttled, {_serverErrors} HTTP 500, {_unavailable} HTTP 503, {_lostResponses} lost responses (applied, then the connection dropped)";

    public int Injected => _throttled + _serverErrors + _unavailable + _lostResponses;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this)) { Timeout = TimeSpan.FromSeconds(30) };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "fault-injecting";

    private int NextFault()
    {
        Interlocked.Increment(ref _calls);
        lock (_random)
        {
            return _random.NextDouble() < rate ? _random.Next(4) : -1;
        }
    }

    private sealed class Handler(FaultInjectingHttpClientFactory owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            switch (owner.NextFault())
            {
                case 0:
                    Interlocked.Increment(ref owner._throttled);
                    return Error(request, System.Net.HttpStatusCode.BadRequest, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
                case 1:
                    Interlocked.Increment(ref owner._serverErrors);
                    return Error(request, System.Net.HttpStatusCode.InternalServerError, "InternalServerError", "Injected internal server error.");
                case 2:
                    Interlocked.Increment(ref owner._unavailable);
                    return Error(request, System.Net.HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Injected: service unavailable.");
                case 3:
                    var applied = await base.SendAsync(request, cancellationToken);
                    applied.Dispose();
                    Interlocked.Increment(ref owner._lostResponses);
                    throw new HttpRequestException("Injected: the connection was reset after the request was sent.", new IOException("connection reset by peer"));
                default:
                    return await base.SendAsync(request, cancellationToken);
            }
        }

        private static HttpResponseMessage Error(HttpRequestMessage request, System.Net.HttpStatusCode status, string code, string message)
        {
            var response = new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"__type":"{{code}}","message":"{{message}}"}""", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", code);
            response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString());
            response.Headers.TryAddWithoutValidation("x-amzn-query-error", code + ";Sender");
            return response;
        }
    }
}
