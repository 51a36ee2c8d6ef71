// The Runtime API loop and nothing else: GET next, POST the event back as the response.
var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
using var http = new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
while (true)
{
    using var next = await http.GetAsync(new Uri("invocation/next", UriKind.Relative));
    next.EnsureSuccessStatusCode();
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    using var content = new ByteArrayContent(await next.Content.ReadAsByteArrayAsync());
    using var posted = await http.PostAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative), content);
    posted.EnsureSuccessStatusCode();
}
