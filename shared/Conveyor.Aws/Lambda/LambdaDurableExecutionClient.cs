using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conveyor.Aws.Hosting;
using Conveyor.Aws.Http;
using Conveyor.Aws.Signing;
using Conveyor.Durable.Protocol;

namespace Conveyor.Aws.Lambda;

/// <summary>
/// A thin client for the Lambda durable execution API (REST-JSON, SigV4 service <c>lambda</c>, version 2025-12-01):
/// <c>CheckpointDurableExecution</c>, <c>GetDurableExecutionState</c> (what a running function calls) and
/// <c>SendDurableExecutionCallbackSuccess/Failure/Heartbeat</c>, <c>GetDurableExecution</c>, <c>StopDurableExecution</c>
/// (what the outside world calls). ARNs and callback ids travel percent-encoded in the path. A checkpoint carries a
/// <c>ClientToken</c> derived from its single-use checkpoint token, so a retried call the service already applied is
/// recognised as a duplicate instead of failing on the spent token.
/// </summary>
public sealed class LambdaDurableExecutionClient(AwsRequestSender sender) : IDurableServiceClient
{
    private const string Version = "/2025-12-01";
    private const string JsonContentType = "application/json";

    private readonly AwsRequestSender _sender = sender ?? throw new ArgumentNullException(nameof(sender));

    public async Task<CheckpointResponse> CheckpointAsync(
        string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointToken);
        ArgumentNullException.ThrowIfNull(updates);
        var body = new CheckpointRequest
        {
            CheckpointToken = checkpointToken,
            ClientToken = clientToken ?? ClientTokenFor(durableExecutionArn, checkpointToken),
            Updates = updates.ToList(),
        };
        var request = new AwsHttpRequest(HttpMethod.Post, ExecutionPath(durableExecutionArn) + "/checkpoint", JsonContentType, DurableProtocolJson.Serialize(body));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return DurableProtocolJson.Deserialize(response.Body.Span, DurableProtocolJsonContext.Default.CheckpointResponse);
    }

    public async Task<ExecutionStatePage> GetStateAsync(
        string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointToken);
        var query = new List<KeyValuePair<string, string>> { new("CheckpointToken", checkpointToken) };
        if (!string.IsNullOrEmpty(marker))
        {
            query.Add(new("Marker", marker));
        }

        if (maxItems is { } max)
        {
            query.Add(new("MaxItems", max.ToString(CultureInfo.InvariantCulture)));
        }

        var request = new AwsHttpRequest(HttpMethod.Get, ExecutionPath(durableExecutionArn) + "/state") { Query = query };
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return DurableProtocolJson.Deserialize(response.Body.Span, DurableProtocolJsonContext.Default.ExecutionStatePage);
    }

    /// <summary>Answers a callback; <paramref name="result"/> is the raw payload (JSON by convention), sent as the body.</summary>
    public async Task SendCallbackSuccessAsync(string callbackId, ReadOnlyMemory<byte> result, CancellationToken cancellationToken)
    {
        var request = new AwsHttpRequest(HttpMethod.Post, CallbackPath(callbackId) + "/succeed", "application/octet-stream", result);
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fails a callback with <paramref name="error"/> (the body is the ErrorObject).</summary>
    public async Task SendCallbackFailureAsync(string callbackId, ErrorObject error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var request = new AwsHttpRequest(HttpMethod.Post, CallbackPath(callbackId) + "/fail", JsonContentType, DurableProtocolJson.Serialize(error));
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the service the callback's worker is alive (resets its heartbeat timeout).</summary>
    public async Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken)
    {
        var request = new AwsHttpRequest(HttpMethod.Post, CallbackPath(callbackId) + "/heartbeat");
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DurableExecutionDescription> GetExecutionAsync(string durableExecutionArn, CancellationToken cancellationToken)
    {
        var response = await SendAsync(new AwsHttpRequest(HttpMethod.Get, ExecutionPath(durableExecutionArn)), cancellationToken).ConfigureAwait(false);
        return DurableProtocolJson.Deserialize(response.Body.Span, DurableExecutionJsonContext.Default.DurableExecutionDescription);
    }

    /// <summary>Stops a running execution; <paramref name="error"/> (optional) is recorded as why.</summary>
    public async Task StopExecutionAsync(string durableExecutionArn, ErrorObject? error, CancellationToken cancellationToken)
    {
        var request = error is null
            ? new AwsHttpRequest(HttpMethod.Post, ExecutionPath(durableExecutionArn) + "/stop", JsonContentType, "{}"u8.ToArray())
            : new AwsHttpRequest(HttpMethod.Post, ExecutionPath(durableExecutionArn) + "/stop", JsonContentType, DurableProtocolJson.Serialize(error));
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A client of the service at <paramref name="endpoint"/> (an emulator, the embedded engine's loopback API) with fixed
    /// credentials, signed for <paramref name="region"/>, with the thin clients' retry pipeline and an HTTP client of its
    /// own, kept for the life of the process as the functions keep theirs.
    /// </summary>
    public static LambdaDurableExecutionClient ForEndpoint(Uri endpoint, AwsCredentials credentials, TimeProvider time, string region = "us-east-1")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
#pragma warning disable CA2000 // Owned by the client for the life of the process.
        var http = new ThinClientHttp().Client;
#pragma warning restore CA2000
        return new LambdaDurableExecutionClient(new AwsRequestSender(
            http,
            new StaticCredentialsSource(credentials),
            AwsServiceEndpoint.For("lambda", region, endpoint),
            ThinClientPipeline.CreateLazy(timeProvider: time),
            time));
    }

    /// <summary>The idempotency token of the checkpoint that spends <paramref name="checkpointToken"/> (32 hex characters).</summary>
    public static string ClientTokenFor(string durableExecutionArn, string checkpointToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(durableExecutionArn + "\n" + checkpointToken)))[..32];

    private async Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            var status = ex.StatusCode == 0 ? 500 : (int)ex.StatusCode;
            throw new DurableServiceException(ex.ErrorCode, ex.Message, status, ex);
        }
    }

    private static string ExecutionPath(string durableExecutionArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(durableExecutionArn);
        return Version + "/durable-executions/" + SigV4Canonicalizer.UriEncode(durableExecutionArn, encodeSlash: true);
    }

    private static string CallbackPath(string callbackId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackId);
        return Version + "/durable-execution-callbacks/" + SigV4Canonicalizer.UriEncode(callbackId, encodeSlash: true);
    }
}
