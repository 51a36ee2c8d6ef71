using System.Net;
using System.Net.Sockets;
using System.Text;
using Conveyor.Durable.Protocol;
using Conveyor.Testing.Http;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The two operations of the Lambda durable execution API a running durable function calls, served over HTTP as the
/// service serves them (REST-JSON, version 2025-12-01; the execution ARN percent-encoded in the path):
/// <c>POST /2025-12-01/durable-executions/{arn}/checkpoint</c> and <c>GET …/{arn}/state?CheckpointToken=&amp;Marker=&amp;MaxItems=</c>.
/// moto_server does not implement them, so the recording proxy sends the functions' <c>lambda</c> requests here, where
/// the test's durable service (<see cref="Serve"/>, e.g. a <c>DurableTestRunner</c>'s) answers with the service's rules.
/// Errors go out as the service's: the HTTP status, <c>x-amzn-ErrorType</c> and a JSON body with <c>Type</c> and <c>message</c>.
/// </summary>
public sealed class DurableServiceEndpoint : IAsyncDisposable
{
    private const string Prefix = "/2025-12-01/durable-executions/";
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private IDurableServiceClient? _service;

    public DurableServiceEndpoint()
    {
        using (var socket = new TcpListener(IPAddress.Loopback, 0))
        {
            socket.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Answers from now on with <paramref name="service"/> (null: every call fails as an unknown execution).</summary>
    public void Serve(IDurableServiceClient? service) => Volatile.Write(ref _service, service);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private Task AcceptAsync() => HttpListenerLoop.AcceptAsync(_listener, AnswerAsync);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var body = await AnswerBodyAsync(context.Request);
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await WriteAsync(response, body);
        }
        catch (DurableServiceException ex)
        {
            response.StatusCode = ex.StatusCode;
            response.ContentType = "application/json";
            response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
            await WriteAsync(response, Encoding.UTF8.GetBytes(
                $$"""{"Type":"{{ex.ErrorCode}}","message":{{System.Text.Json.JsonSerializer.Serialize(ex.Message)}}}"""));
        }
        finally
        {
            response.Close();
        }
    }

    private async Task<byte[]> AnswerBodyAsync(HttpListenerRequest request)
    {
        // RawUrl keeps the ARN's %2F and %3A as sent; the last path segment is the operation.
        var path = (request.RawUrl ?? "/").Split('?')[0];
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || path.Length <= Prefix.Length)
        {
            throw new DurableServiceException("UnknownOperationException", $"{request.HttpMethod} {path} is not a durable execution operation this endpoint serves.", 404);
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var arn = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        var operation = slash < 0 ? "" : rest[(slash + 1)..];
        var service = Volatile.Read(ref _service)
            ?? throw new DurableServiceException("ResourceNotFoundException", $"No durable execution {arn}.", 404);
        switch (request.HttpMethod, operation)
        {
            case ("POST", "checkpoint"):
            {
                using var buffer = new MemoryStream();
                await request.InputStream.CopyToAsync(buffer);
                var checkpoint = DurableProtocolJson.Deserialize(buffer.ToArray(), DurableProtocolJsonContext.Default.CheckpointRequest);
                var answer = await service.CheckpointAsync(arn, checkpoint.CheckpointToken, [.. checkpoint.Updates], checkpoint.ClientToken, CancellationToken.None);
                return DurableProtocolJson.Serialize(answer);
            }

            case ("GET", "state"):
            {
                var query = System.Web.HttpUtility.ParseQueryString(request.Url?.Query ?? "");
                var token = query["CheckpointToken"]
                    ?? throw new DurableServiceException("InvalidParameterValueException", "CheckpointToken is required.", 400);
                int? maxItems = int.TryParse(query["MaxItems"], System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : null;
                var page = await service.GetStateAsync(arn, token, query["Marker"], maxItems, CancellationToken.None);
                return DurableProtocolJson.Serialize(page);
            }

            default:
                throw new DurableServiceException("UnknownOperationException", $"{request.HttpMethod} …/{operation} is not served here (checkpoint and state only).", 404);
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, byte[] body)
    {
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    }
}
