using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Conveyor.Testing.Http;

namespace Functions.EndToEnd.Tests.Iam;

/// <summary>
/// Stands between one function and moto: forwards every request unchanged and records the IAM permissions it needs
/// (<see cref="IamActionOf"/>). Recording on the wire sees every AWS call the function makes, through the AWS SDK or the
/// thin clients alike, without a hook in the function. Requests signed for a service named in the optional
/// per-service targets go there instead (the Lambda durable execution API, which moto does not serve).
/// </summary>
public sealed class RecordingAwsProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Keep-Alive", "Transfer-Encoding", "Host", "Content-Length", "Expect" };
    private readonly HttpListener _listener = new();
    private readonly HttpClient _moto = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly Uri _target;
    private readonly IReadOnlyDictionary<string, Uri> _serviceTargets;
    private readonly ConcurrentDictionary<string, byte> _permissions = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public RecordingAwsProxy(Uri target, IReadOnlyDictionary<string, Uri>? serviceTargets = null)
    {
        _target = target;
        _serviceTargets = serviceTargets ?? new Dictionary<string, Uri>(StringComparer.Ordinal);
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Every permission recorded so far (<c>"action resource"</c>).</summary>
    public IReadOnlyCollection<string> Permissions => [.. _permissions.Keys];

    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop, the managed listener's Close removes its prefixes a second time, re-binding the port
        // it just released (HttpEndPointManager.GetEPListener) and failing "Address already in use" when another server took it.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
            // Stopped.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }

        _moto.Dispose();
    }

    private Task AcceptAsync() => HttpListenerLoop.AcceptAsync(_listener, ForwardAsync);

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!, StringComparer.Ordinal);
        var path = request.RawUrl ?? "/";
        try
        {
            foreach (var permission in IamActionOf.Request(request.HttpMethod, new Uri(_target, path), headers, body))
            {
                _permissions.TryAdd(permission, 0);
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _permissions.TryAdd($"unreadable {request.HttpMethod} {path}: {ex.Message}", 0);
        }

        var upstream = _serviceTargets.GetValueOrDefault(IamActionOf.SigningService(headers)) ?? _target;
        using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(upstream, path));
        if (body.Length > 0 || request.HttpMethod is "POST" or "PUT")
        {
            forward.Content = new ByteArrayContent(body);
        }

        foreach (var key in request.Headers.AllKeys.Where(k => k is not null && !HopByHop.Contains(k)))
        {
            var value = request.Headers[key]!;
            if (!forward.Headers.TryAddWithoutValidation(key!, value))
            {
                forward.Content ??= new ByteArrayContent([]);
                forward.Content.Headers.TryAddWithoutValidation(key!, value);
            }
        }

        var response = context.Response;
        try
        {
            using var answer = await _moto.SendAsync(forward, HttpCompletionOption.ResponseContentRead);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var header in answer.Headers.Concat(answer.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
            {
                response.Headers[header.Key] = string.Join(",", header.Value);
            }

            var content = await answer.Content.ReadAsByteArrayAsync();
            if (request.HttpMethod != "HEAD")
            {
                response.ContentLength64 = content.Length;
                await response.OutputStream.WriteAsync(content);
            }
            else if (answer.Content.Headers.ContentLength is { } length)
            {
                response.ContentLength64 = length;
            }
        }
        catch (HttpRequestException)
        {
            response.StatusCode = 502;
        }
        finally
        {
            response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
