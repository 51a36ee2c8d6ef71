namespace Conveyor.Aws.Hosting;

/// <summary>
/// The one <see cref="HttpClient"/> the thin clients (Step Functions, Scheduler, SNS) share, owned by the container so
/// it is created once per process and disposed with it. No client timeout: the Lambda deadline token bounds each call.
/// </summary>
internal sealed class ThinClientHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}
