using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Aws.Signing;
using Conveyor.Core.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Aws.Lambda;

/// <summary>
/// Durable executions on AWS Lambda, through the Lambda API (REST-JSON, SigV4 service <c>lambda</c>):
/// <list type="bullet">
/// <item>start = <c>Invoke</c> (<c>POST /2015-03-31/functions/{qualified ARN}/invocations</c>) with
/// <c>X-Amz-Invocation-Type: Event</c> and <c>X-Amz-Durable-Execution-Name</c>; the execution ARN comes back in
/// <c>X-Amz-Durable-Execution-Arn</c>. The payload is the <see cref="TrackedExecutionInput"/> envelope, so the execution
/// carries its tracking task; Lambda's idempotency (same name + identical payload = the same execution, a different
/// payload = <c>DurableExecutionAlreadyStartedException</c>) makes a repeated start of one task's name a no-op and
/// another task's start under a taken name a conflict.</item>
/// <item>by name = <c>ListDurableExecutionsByFunction</c> (<c>GET /2025-12-01/functions/{unqualified ARN}/durable-executions?DurableExecutionName=&amp;ReverseOrder=true</c>,
/// names compared exactly: the filter matches substrings) over the configured functions, then <c>GetDurableExecution</c>.</item>
/// <item>list by task prefix = the same listing (newest first, optional <c>Statuses</c>), each execution described for its
/// task, result and error, kept when its task id has the prefix; at most <see cref="MaxScanned"/> executions are read.</item>
/// <item>history = <c>GetDurableExecutionHistory</c> (<c>IncludeExecutionData=true</c>, paged by <c>Marker</c>) folded into operations (<see cref="DurableHistory"/>).</item>
/// <item>callbacks and stop = <see cref="LambdaDurableExecutionClient"/>. A callback id is opaque on AWS, so finding its
/// execution reads the histories of the tenant's RUNNING executions (at most <see cref="MaxScanned"/>).</item>
/// </list>
/// </summary>
public sealed class LambdaDurableExecutionService : IDurableExecutionService
{
    /// <summary>Executions one list or callback search reads at most.</summary>
    public const int MaxScanned = 1000;

    private const string DurableVersion = "/2025-12-01";
    private const int PageSize = 100;
    private const int Parallelism = 8;

    private readonly AwsRequestSender _sender;
    private readonly LambdaDurableExecutionClient _client;
    private readonly LambdaDurableFunctions _functions;

    public LambdaDurableExecutionService(AwsRequestSender sender, LambdaDurableFunctions functions)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _functions = functions ?? throw new ArgumentNullException(nameof(functions));
        _client = new LambdaDurableExecutionClient(sender);
    }

    public async Task<DurableExecutionStart> StartAsync(string functionName, string name, string? inputPayload, string? taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        if (!ExecutionNameRules.IsValid(name))
        {
            throw new DurableServiceException("InvalidParameterValueException", $"An execution name is 1 to 64 letters, digits, '-' or '_'; got '{name}'.", 400);
        }

        var qualified = _functions.QualifiedArnOf(functionName);
        var existing = await FindByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return new DurableExecutionStart(existing.Execution.DurableExecutionArn, false, existing.TaskId);
        }

        var payload = TrackedExecutionInput.Wrap(taskId, inputPayload);
        var request = new AwsHttpRequest(
            HttpMethod.Post,
            "/2015-03-31/functions/" + SigV4Canonicalizer.UriEncode(qualified, encodeSlash: true) + "/invocations",
            "application/json",
            Encoding.UTF8.GetBytes(payload ?? "{}"))
        {
            Headers = [new("X-Amz-Invocation-Type", "Event"), new("X-Amz-Durable-Execution-Name", name)],
        };
        try
        {
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var arn = response.Headers.GetValueOrDefault("X-Amz-Durable-Execution-Arn")
                ?? throw new DurableServiceException("ServiceException", $"Invoke of {qualified} answered {(int)response.StatusCode} without X-Amz-Durable-Execution-Arn: is the function durable (DurableConfig)?", 502);
            return new DurableExecutionStart(arn, true, taskId);
        }
        catch (DurableServiceException ex) when (ex.ErrorCode is "DurableExecutionAlreadyStartedException" or "DurableExecutionAlreadyExists")
        {
            // Another payload (another task) holds the name: report whose it is.
            var holder = await FindByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new DurableServiceException(ex.ErrorCode, $"The execution name '{name}' is taken ({ex.Message}).", 409, ex);
            return new DurableExecutionStart(holder.Execution.DurableExecutionArn, false, holder.TaskId);
        }
    }

    public Task<DurableExecutionInfo?> DescribeAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrArn);
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? GetAsync(nameOrArn, cancellationToken) : FindByNameAsync(nameOrArn, cancellationToken);
    }

    public async Task<IReadOnlyList<DurableExecutionInfo>> ListAsync(string? taskIdPrefix, string? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var found = new List<DurableExecutionInfo>();
        foreach (var function in _functions.Functions.Values.Distinct(StringComparer.Ordinal))
        {
            string? marker = null;
            var scanned = 0;
            var kept = 0;
            do
            {
                var (executions, next) = await ListPageAsync(function, null, status, marker, cancellationToken).ConfigureAwait(false);
                scanned += executions.Count;
                var described = await DescribeAllAsync(executions, cancellationToken).ConfigureAwait(false);
                var matching = described.Where(i => i is not null && Matches(i, taskIdPrefix)).Select(i => i!).ToList();
                found.AddRange(matching);
                kept += matching.Count;
                marker = next;
            }
            while (marker is not null && kept < limit && scanned < MaxScanned);
        }

        return [.. found.OrderByDescending(i => i.Execution.StartTimestamp).ThenBy(i => i.Execution.DurableExecutionName, StringComparer.Ordinal).Take(limit)];
    }

    public async Task<DurableExecutionInfo?> FindByCallbackAsync(string callbackId, string? taskIdPrefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackId);
        foreach (var info in await ListAsync(taskIdPrefix, ExecutionStatuses.Running, MaxScanned, cancellationToken).ConfigureAwait(false))
        {
            var operations = await HistoryAsync(info.Execution.DurableExecutionArn, cancellationToken).ConfigureAwait(false) ?? [];
            if (operations.Any(o => o.Type == OperationTypes.Callback && o.CallbackDetails?.CallbackId == callbackId))
            {
                return info;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<Operation>?> HistoryAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var arn = await ArnOfAsync(nameOrArn, cancellationToken).ConfigureAwait(false);
        if (arn is null)
        {
            return null;
        }

        var operations = new List<Operation>();
        string? marker = null;
        try
        {
            do
            {
                var query = new List<KeyValuePair<string, string>> { new("IncludeExecutionData", "true"), new("MaxItems", "1000") };
                if (marker is not null)
                {
                    query.Add(new("Marker", marker));
                }

                var response = await SendAsync(new AwsHttpRequest(HttpMethod.Get, ExecutionPath(arn) + "/history") { Query = query }, cancellationToken).ConfigureAwait(false);
                marker = DurableHistory.Fold(response.Body.Span, operations);
            }
            while (!string.IsNullOrEmpty(marker));
        }
        catch (DurableServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        return operations;
    }

    public Task SendCallbackSuccessAsync(string callbackId, string? result, CancellationToken cancellationToken) =>
        _client.SendCallbackSuccessAsync(callbackId, Encoding.UTF8.GetBytes(result ?? ""), cancellationToken);

    public Task SendCallbackFailureAsync(string callbackId, ErrorObject error, CancellationToken cancellationToken) =>
        _client.SendCallbackFailureAsync(callbackId, error, cancellationToken);

    public Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken) =>
        _client.SendCallbackHeartbeatAsync(callbackId, cancellationToken);

    public async Task StopAsync(string nameOrArn, ErrorObject? error, CancellationToken cancellationToken)
    {
        var info = await DescribeAsync(nameOrArn, cancellationToken).ConfigureAwait(false)
            ?? throw new DurableServiceException("ResourceNotFoundException", $"No durable execution {nameOrArn}.", 404);
        if (ExecutionStatuses.IsTerminal(info.Execution.Status))
        {
            throw new DurableServiceException("ResourceConflictException", $"The execution is already {info.Execution.Status}.", 409);
        }

        await _client.StopExecutionAsync(info.Execution.DurableExecutionArn, error, cancellationToken).ConfigureAwait(false);
    }

    private static bool Matches(DurableExecutionInfo info, string? taskIdPrefix) =>
        taskIdPrefix is null || (info.TaskId?.StartsWith(taskIdPrefix, StringComparison.Ordinal) ?? false);

    private async Task<string?> ArnOfAsync(string nameOrArn, CancellationToken cancellationToken) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
            ? nameOrArn
            : (await FindByNameAsync(nameOrArn, cancellationToken).ConfigureAwait(false))?.Execution.DurableExecutionArn;

    /// <summary>The newest execution named exactly <paramref name="name"/> of any configured function, described; null when none.</summary>
    private async Task<DurableExecutionInfo?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        if (!ExecutionNameRules.IsValid(name))
        {
            return null;
        }

        foreach (var function in _functions.Functions.Values.Distinct(StringComparer.Ordinal))
        {
            string? marker = null;
            var scanned = 0;
            do
            {
                var (executions, next) = await ListPageAsync(function, name, null, marker, cancellationToken).ConfigureAwait(false);
                var exact = executions.Find(e => e.DurableExecutionName == name);
                if (exact is not null)
                {
                    return await GetAsync(exact.DurableExecutionArn, cancellationToken).ConfigureAwait(false);
                }

                scanned += executions.Count;
                marker = next;
            }
            while (marker is not null && scanned < MaxScanned);
        }

        return null;
    }

    /// <summary><c>GetDurableExecution</c>, with the tracking task and the workflow input taken out of the envelope; null when there is no such execution.</summary>
    private async Task<DurableExecutionInfo?> GetAsync(string arn, CancellationToken cancellationToken)
    {
        DurableExecutionDescription execution;
        try
        {
            execution = await _client.GetExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
        }
        catch (DurableServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        var (taskId, input) = TrackedExecutionInput.Unwrap(execution.InputPayload);
        execution.InputPayload = input;
        return new DurableExecutionInfo(execution, taskId);
    }

    private async Task<List<DurableExecutionInfo?>> DescribeAllAsync(List<DurableExecutionDescription> executions, CancellationToken cancellationToken)
    {
        var described = new DurableExecutionInfo?[executions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, executions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) => described[index] = await GetAsync(executions[index].DurableExecutionArn, token).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. described];
    }

    /// <summary>One page of <c>ListDurableExecutionsByFunction</c>, newest first, every version of the function.</summary>
    private async Task<(List<DurableExecutionDescription> Executions, string? NextMarker)> ListPageAsync(
        string qualifiedArn, string? name, string? status, string? marker, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>> { new("MaxItems", PageSize.ToString(CultureInfo.InvariantCulture)), new("ReverseOrder", "true") };
        if (name is not null)
        {
            query.Add(new("DurableExecutionName", name));
        }

        if (status is not null)
        {
            query.Add(new("Statuses", status));
        }

        if (marker is not null)
        {
            query.Add(new("Marker", marker));
        }

        var path = DurableVersion + "/functions/" + SigV4Canonicalizer.UriEncode(LambdaDurableFunctions.UnqualifiedArnOf(qualifiedArn), encodeSlash: true) + "/durable-executions";
        var response = await SendAsync(new AwsHttpRequest(HttpMethod.Get, path) { Query = query }, cancellationToken).ConfigureAwait(false);
        var reader = new Utf8JsonReader(response.Body.Span);
        using var document = JsonDocument.ParseValue(ref reader);
        var executions = new List<DurableExecutionDescription>();
        if (document.RootElement.TryGetProperty("DurableExecutions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                executions.Add(DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(item.GetRawText()), DurableExecutionJsonContext.Default.DurableExecutionDescription));
            }
        }

        var next = document.RootElement.TryGetProperty("NextMarker", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return (executions, string.IsNullOrEmpty(next) ? null : next);
    }

    private async Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            var status = ex.StatusCode == 0 ? (int)HttpStatusCode.InternalServerError : (int)ex.StatusCode;
            throw new DurableServiceException(ex.ErrorCode, ex.Message, status, ex);
        }
    }

    private static string ExecutionPath(string arn) => DurableVersion + "/durable-executions/" + SigV4Canonicalizer.UriEncode(arn, encodeSlash: true);
}
