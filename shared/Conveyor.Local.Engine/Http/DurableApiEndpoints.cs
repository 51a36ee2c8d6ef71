using System.Globalization;
using System.Text.Json;
using Conveyor.Durable.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Conveyor.Local.Engine.Http;

/// <summary>
/// The engine's durable execution service over HTTP, for <see cref="EngineOptions.DurableApi"/>: the two calls a running
/// durable function makes, in Lambda's REST-JSON shapes (API version 2025-12-01) —
/// <c>CheckpointDurableExecution</c> (<c>POST /2025-12-01/durable-executions/{arn}/checkpoint</c>) and
/// <c>GetDurableExecutionState</c> (<c>GET /2025-12-01/durable-executions/{arn}/state?CheckpointToken&amp;Marker&amp;MaxItems</c>).
/// The ARN is one percent-encoded path segment. Errors are Lambda's: the status, <c>x-amzn-ErrorType</c> and
/// <c>{"Type","message"}</c>. A retried checkpoint whose <c>ClientToken</c> was already applied gets the first answer
/// again instead of failing on its spent checkpoint token, as the service answers a duplicate.
/// Requests must be SigV4-signed for the <c>lambda</c> service; the signature itself is not verified: the server
/// listens on 127.0.0.1 only, beside the engine's database, which any local process can open.
/// </summary>
public sealed class DurableApiEndpoints(IDurableServiceClient service)
{
    /// <summary>The path every request of this API starts with.</summary>
    public const string PathPrefix = "/2025-12-01/durable-executions/";

    private const int RememberedCheckpoints = 4096;
    private const string SigningScope = "/lambda/aws4_request";

    private readonly IDurableServiceClient _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _answered = new(StringComparer.Ordinal);
    private readonly Queue<string> _answeredOrder = new();
    private long _requests;

    /// <summary>Requests answered so far, refused ones included (the engine's status shows it).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Whether <paramref name="path"/> (the raw request target) is one of this API's.</summary>
    public static bool Serves(string path) => path.StartsWith(PathPrefix, StringComparison.Ordinal);

    /// <summary>Answers one request; never throws for a bad request (the caller's own failures aside).</summary>
    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _requests);
        int status;
        byte[] body;
        try
        {
            (status, body) = await AnswerAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (DurableServiceException ex)
        {
            status = ex.StatusCode;
            context.Response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
            body = ErrorBody(ex.StatusCode < 500 ? "User" : "Service", ex.Message);
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.Headers.Authorization.ToString().Contains(SigningScope, StringComparison.Ordinal))
        {
            throw new DurableServiceException("MissingAuthenticationTokenException", "The request is not SigV4-signed for the lambda service.", 403);
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var path = target.Split('?', 2)[0];
        var segments = path[PathPrefix.Length..].Split('/');
        if (segments.Length != 2 || segments[0].Length == 0)
        {
            throw UnknownOperation(request.Method, path);
        }

        var arn = Uri.UnescapeDataString(segments[0]);
        return (request.Method, segments[1]) switch
        {
            ("POST", "checkpoint") => (200, await CheckpointAsync(arn, request, cancellationToken).ConfigureAwait(false)),
            ("GET", "state") => (200, await GetStateAsync(arn, request.Query, cancellationToken).ConfigureAwait(false)),
            _ => throw UnknownOperation(request.Method, path),
        };
    }

    private async Task<byte[]> CheckpointAsync(string arn, HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var checkpoint = DurableProtocolJson.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), DurableProtocolJsonContext.Default.CheckpointRequest);
        if (string.IsNullOrEmpty(checkpoint.CheckpointToken))
        {
            throw new DurableServiceException("InvalidParameterValueException", "CheckpointToken is required.", 400);
        }

        var key = checkpoint.ClientToken is { Length: > 0 } clientToken ? arn + "\n" + clientToken : null;
        if (key is not null && Answered(key) is { } earlier)
        {
            return earlier;
        }

        var response = await _service.CheckpointAsync(arn, checkpoint.CheckpointToken, [.. checkpoint.Updates], checkpoint.ClientToken, cancellationToken).ConfigureAwait(false);
        var body = DurableProtocolJson.Serialize(response);
        if (key is not null)
        {
            Remember(key, body);
        }

        return body;
    }

    private async Task<byte[]> GetStateAsync(string arn, IQueryCollection query, CancellationToken cancellationToken)
    {
        var token = query["CheckpointToken"].ToString();
        if (token.Length == 0)
        {
            throw new DurableServiceException("InvalidParameterValueException", "CheckpointToken is required.", 400);
        }

        int? maxItems = null;
        if (query.TryGetValue("MaxItems", out var max))
        {
            maxItems = int.TryParse(max.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new DurableServiceException("InvalidParameterValueException", $"MaxItems must be a positive integer; got '{max}'.", 400);
        }

        var marker = query["Marker"].ToString();
        var page = await _service.GetStateAsync(arn, token, marker.Length == 0 ? null : marker, maxItems, cancellationToken).ConfigureAwait(false);
        return DurableProtocolJson.Serialize(page);
    }

    private byte[]? Answered(string key)
    {
        lock (_gate)
        {
            return _answered.GetValueOrDefault(key);
        }
    }

    private void Remember(string key, byte[] body)
    {
        lock (_gate)
        {
            if (!_answered.TryAdd(key, body))
            {
                return;
            }

            _answeredOrder.Enqueue(key);
            if (_answeredOrder.Count > RememberedCheckpoints)
            {
                _answered.Remove(_answeredOrder.Dequeue());
            }
        }
    }

    private static byte[] ErrorBody(string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Type", type);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static DurableServiceException UnknownOperation(string method, string path) =>
        new("UnknownOperationException", $"{method} {path} is not an operation of the engine's durable execution API (checkpoint, state).", 404);
}
