using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Testing.Http;

namespace Conveyor.Testing.Lambda;

/// <summary>
/// The Lambda operations a durable workflow's outside world calls, served over HTTP on loopback as the Lambda API
/// reference (2025-12-01) and the developer guide document them (moto has no durable API):
/// <list type="bullet">
/// <item><c>POST /2015-03-31/functions/{FunctionName}/invocations</c>: a durable function must be invoked qualified;
/// <c>X-Amz-Durable-Execution-Name</c> names the execution; the same name with an identical payload returns the existing
/// execution, a different payload is refused with <c>DurableExecutionAlreadyStartedException</c> (guide, "Idempotency");
/// <c>Event</c> invocations answer 202 with <c>X-Amz-Durable-Execution-Arn</c> = <c>…:function:F:version/durable-execution/name/id</c>.</item>
/// <item><c>GET /2025-12-01/functions/{FunctionName}/durable-executions</c> with <c>DurableExecutionName</c> (matches
/// names containing it), <c>Statuses</c>, <c>ReverseOrder</c> (newest first), <c>Marker</c>, <c>MaxItems</c>.</item>
/// <item><c>GET /2025-12-01/durable-executions/{arn}</c>, <c>…/history</c> (events <c>&lt;Type&gt;&lt;Status&gt;</c> with
/// <c>&lt;EventType&gt;Details</c>), <c>POST …/stop</c> (body: the ErrorObject; answer <c>StopTimestamp</c>).</item>
/// <item><c>POST /2025-12-01/durable-execution-callbacks/{CallbackId}/succeed|fail|heartbeat</c> (ids in the documented
/// pattern <c>[A-Za-z0-9+/]+={0,2}</c>; a closed callback answers 400 <c>CallbackTimeoutException</c>).</item>
/// </list>
/// And what a running durable function calls: <c>POST /2025-12-01/durable-executions/{arn}/checkpoint</c> and
/// <c>GET …/state?CheckpointToken=&amp;Marker=&amp;MaxItems=</c> (single-use tokens; callback ids issued in the documented form).
/// Every request must be SigV4-signed for service <c>lambda</c>. Executions keep their operations under the same rules
/// as the embedded engine (<see cref="DurableExecutionRules"/>); a test plays Lambda's invoker with
/// <see cref="BeginInvocation"/> and <see cref="Answer"/> (or the shortcuts <see cref="OpenCallback"/> and
/// <see cref="Succeed"/>), or hands checkpoint and state to another service with <see cref="Serve"/>.
/// Errors go out as Lambda's: the HTTP status, <c>x-amzn-ErrorType</c> and a JSON body with <c>Type</c> and <c>message</c>.
/// </summary>
public sealed partial class LambdaDurableApiFake : IAsyncDisposable
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review";
    public const string AliasArn = FunctionArn + ":live";
    public const string Version = "3";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<Execution> _executions = [];
    private IDurableServiceClient? _served;

    public LambdaDurableApiFake()
    {
        using (var socket = new TcpListener(IPAddress.Loopback, 0))
        {
            socket.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(() => HttpListenerLoop.AcceptAsync(_listener, AnswerAsync));
    }

    public Uri Endpoint { get; }

    /// <summary>Every request as it arrived: method, raw path and query (percent-encoding kept), headers, body.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>From now on checkpoint and state calls go to <paramref name="service"/> (e.g. a DurableTestRunner's); null: to this fake's executions.</summary>
    public void Serve(IDurableServiceClient? service) => Volatile.Write(ref _served, service);

    /// <summary>Forgets every execution and recorded call, and serves its own executions again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _executions.Clear();
            Calls.Clear();
            _served = null;
        }
    }

    /// <summary>The executions started so far, newest last.</summary>
    public IReadOnlyList<string> ExecutionArns
    {
        get
        {
            lock (_gate)
            {
                return [.. _executions.Select(e => e.Record.Arn)];
            }
        }
    }

    /// <summary>The ARN of the execution that issued <paramref name="callbackId"/>; null when none did.</summary>
    public string? ExecutionOfCallback(string callbackId)
    {
        lock (_gate)
        {
            return _executions.Find(e => e.Record.Operations.Exists(o => o.CallbackDetails?.CallbackId == callbackId))?.Record.Arn;
        }
    }

    /// <summary>
    /// Lambda invoking the function: the envelope of the execution's next invocation (a fresh checkpoint token, the first
    /// <paramref name="pageSize"/> operations of its state; the rest is paged in with GetDurableExecutionState).
    /// </summary>
    public DurableInvocationInput BeginInvocation(string arn, int pageSize = DurableExecutionRules.DefaultPageSize)
    {
        lock (_gate)
        {
            var execution = Find(arn) ?? throw new InvalidOperationException($"no execution {arn}");
            return DurableExecutionRules.BeginInvocation(execution.Record, pageSize);
        }
    }

    /// <summary>Lambda receiving the function's answer: SUCCEEDED and FAILED end the execution, PENDING leaves it waiting.</summary>
    public void Answer(string arn, DurableInvocationOutput output)
    {
        lock (_gate)
        {
            var execution = Find(arn) ?? throw new InvalidOperationException($"no execution {arn}");
            DurableExecutionRules.ApplyInvocationResult(execution.Record, output, DateTimeOffset.UtcNow);
            if (ExecutionStatuses.IsTerminal(execution.Record.Status))
            {
                execution.AddOperationEvent(execution.Record.Operations[0], execution.Record.Status == ExecutionStatuses.Succeeded ? execution.Record.Result : null, execution.Record.Error);
            }
        }
    }

    /// <summary>The function's next invocation creates a callback (timeout one hour) and answers PENDING; returns the callback id.</summary>
    public string OpenCallback(string arn)
    {
        lock (_gate)
        {
            var execution = Find(arn) ?? throw new InvalidOperationException($"no execution {arn}");
            var record = execution.Record;
            var invocation = DurableExecutionRules.BeginInvocation(record);
            var id = "cb-" + record.Operations.Count;
            DurableExecutionRules.Checkpoint(record, invocation.CheckpointToken, [new OperationUpdate
            {
                Id = id, Name = "approval", Type = OperationTypes.Callback, SubType = OperationSubTypes.Callback, Action = OperationActions.Start,
                CallbackOptions = new CallbackUpdateOptions { TimeoutSeconds = 3600 },
            }], DateTimeOffset.UtcNow);
            var callback = record.Find(id)!;
            // The service's ids are opaque base64 (with '+', '/' and padding), not the engine's.
            callback.CallbackDetails!.CallbackId = "cb+/" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(arn + "\n" + id)));
            DurableExecutionRules.ApplyInvocationResult(record, new DurableInvocationOutput { Status = InvocationStatuses.Pending }, DateTimeOffset.UtcNow);
            execution.AddEvent("CallbackStarted", callback, new() { ["CallbackId"] = callback.CallbackDetails.CallbackId, ["Timeout"] = 3600 });
            return callback.CallbackDetails.CallbackId;
        }
    }

    /// <summary>The service ending the execution at its ExecutionTimeout, now: TIMED_OUT, without invoking the function.</summary>
    public void TimeOut(string arn)
    {
        lock (_gate)
        {
            var execution = Find(arn) ?? throw new InvalidOperationException($"no execution {arn}");
            var now = DateTimeOffset.UtcNow;
            execution.Record.TimeoutAt = now;
            DurableExecutionRules.Advance(execution.Record, now);
            execution.AddEvent("ExecutionTimedOut", execution.Record.Operations[0], new() { ["Error"] = new Dictionary<string, object?> { ["Payload"] = execution.Record.Error, ["Truncated"] = false } });
        }
    }

    /// <summary>The function's next invocation answers SUCCEEDED with <paramref name="result"/>.</summary>
    public void Succeed(string arn, string result)
    {
        lock (_gate)
        {
            var execution = Find(arn) ?? throw new InvalidOperationException($"no execution {arn}");
            DurableExecutionRules.ApplyInvocationResult(execution.Record, new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = result }, DateTimeOffset.UtcNow);
            execution.AddEvent("ExecutionSucceeded", execution.Record.Operations[0], new() { ["Result"] = new Dictionary<string, object?> { ["Payload"] = result, ["Truncated"] = false } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop, the managed listener's Close removes its prefixes a second time, re-binding the port
        // it just released (HttpEndPointManager.GetEPListener) and failing "Address already in use" when another server took it.
        _listener.Close();
        await _loop;
    }

    private Execution? Find(string arn) => _executions.Find(e => e.Record.Arn == arn);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var raw = request.RawUrl ?? "/";
        var call = new Call(
            request.HttpMethod,
            raw.Split('?')[0],
            raw.Contains('?', StringComparison.Ordinal) ? raw[(raw.IndexOf('?', StringComparison.Ordinal) + 1)..] : "",
            request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
            buffer.ToArray());
        Calls.Enqueue(call);
        var response = context.Response;
        int status;
        byte[] body;
        try
        {
            if (!(call.Headers.GetValueOrDefault("Authorization") ?? "").Contains("/us-east-1/lambda/aws4_request", StringComparison.Ordinal))
            {
                throw new DurableServiceException("MissingAuthenticationTokenException", "The request is not signed for lambda.", 403);
            }

            if (Volatile.Read(ref _served) is { } served && (call.Path.EndsWith("/checkpoint", StringComparison.Ordinal) || call.Path.EndsWith("/state", StringComparison.Ordinal)))
            {
                (status, body) = (200, await ServeAsync(served, call));
            }
            else
            {
                lock (_gate)
                {
                    (status, body) = Route(call, response);
                }
            }
        }
        catch (DurableServiceException ex)
        {
            status = ex.StatusCode;
            response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
            body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["Type"] = "User", ["message"] = ex.Message });
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private (int Status, byte[] Body) Route(Call call, HttpListenerResponse response)
    {
        var segments = call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var query = System.Web.HttpUtility.ParseQueryString(call.Query);
        return (call.Method, segments) switch
        {
            ("POST", ["2015-03-31", "functions", var function, "invocations"]) => Invoke(function, call, response),
            ("GET", ["2025-12-01", "functions", var function, "durable-executions"]) => (200, Json(List(function, query))),
            ("GET", ["2025-12-01", "durable-executions", var arn]) => (200, Json(Describe(Require(arn)))),
            ("GET", ["2025-12-01", "durable-executions", var arn, "history"]) => (200, Json(History(Require(arn), query))),
            ("POST", ["2025-12-01", "durable-executions", var arn, "stop"]) => Stop(Require(arn), call.Body),
            ("POST", ["2025-12-01", "durable-executions", var arn, "checkpoint"]) => (200, Checkpoint(arn, call.Body)),
            ("GET", ["2025-12-01", "durable-executions", var arn, "state"]) => (200, State(arn, query)),
            ("POST", ["2025-12-01", "durable-execution-callbacks", var id, var action]) => Callback(id, action, call.Body),
            _ => throw new DurableServiceException("UnknownOperationException", $"{call.Method} {call.Path} is not a Lambda operation this fake serves.", 404),
        };
    }

    private (int, byte[]) Invoke(string function, Call call, HttpListenerResponse response)
    {
        if (function != AliasArn)
        {
            throw function == FunctionArn
                ? new DurableServiceException("InvalidParameterValueException", "A durable function must be invoked with a qualified ARN (version or alias).", 400)
                : new DurableServiceException("ResourceNotFoundException", $"Function not found: {function}", 404);
        }

        if (call.Headers.GetValueOrDefault("X-Amz-Invocation-Type") != "Event")
        {
            throw new DurableServiceException("InvalidParameterValueException", "Only Event invocations are served: the execution timeout exceeds 15 minutes.", 400);
        }

        var name = call.Headers.GetValueOrDefault("X-Amz-Durable-Execution-Name") ?? Guid.NewGuid().ToString("N");
        if (!NamePattern().IsMatch(name))
        {
            throw new DurableServiceException("InvalidParameterValueException", $"X-Amz-Durable-Execution-Name '{name}' must be 1-64 of [a-zA-Z0-9-_].", 400);
        }

        var payload = Encoding.UTF8.GetString(call.Body);
        var existing = _executions.Find(e => e.Record.Name == name);
        if (existing is not null && existing.Payload != payload)
        {
            throw new DurableServiceException("DurableExecutionAlreadyStartedException", $"A durable execution named {name} already exists with a different payload.", 409);
        }

        if (existing is null)
        {
            var arn = $"{FunctionArn}:{Version}/durable-execution/{name}/{Guid.NewGuid():N}";
            existing = new Execution(DurableExecutionRules.Create(arn, name, FunctionArn, payload, DateTimeOffset.UtcNow, null), payload);
            existing.AddEvent("ExecutionStarted", existing.Record.Operations[0], new() { ["Input"] = new Dictionary<string, object?> { ["Payload"] = payload, ["Truncated"] = false }, ["ExecutionTimeout"] = 3024000 });
            _executions.Add(existing);
        }

        response.Headers["X-Amz-Durable-Execution-Arn"] = existing.Record.Arn;
        response.Headers["X-Amz-Executed-Version"] = Version;
        return (202, []);
    }

    private Dictionary<string, object?> List(string function, System.Collections.Specialized.NameValueCollection query)
    {
        if (function != FunctionArn && function != "conveyor-dev-document-review")
        {
            throw new DurableServiceException("ResourceNotFoundException", $"Function not found: {function}", 404);
        }

        var statuses = query.GetValues("Statuses") ?? [];
        var name = query["DurableExecutionName"];
        var matching = _executions
            .Where(e => name is null || e.Record.Name.Contains(name, StringComparison.Ordinal))
            .Where(e => statuses.Length == 0 || statuses.Contains(e.Record.Status))
            .OrderBy(e => e.Sequence)
            .ToList();
        if (query["ReverseOrder"] == "true")
        {
            matching.Reverse();
        }

        var start = int.Parse(query["Marker"] ?? "0", CultureInfo.InvariantCulture);
        var max = int.Parse(query["MaxItems"] ?? "100", CultureInfo.InvariantCulture);
        var page = matching.Skip(start).Take(max).ToList();
        var result = new Dictionary<string, object?>
        {
            ["DurableExecutions"] = page.Select(e => new Dictionary<string, object?>
            {
                ["DurableExecutionArn"] = e.Record.Arn,
                ["DurableExecutionName"] = e.Record.Name,
                ["FunctionArn"] = $"{FunctionArn}:{Version}",
                ["Status"] = e.Record.Status,
                ["StartTimestamp"] = Epoch(e.Record.StartedAt),
                ["EndTimestamp"] = e.Record.EndedAt is { } ended ? Epoch(ended) : null,
            }).ToList(),
        };
        if (start + page.Count < matching.Count)
        {
            result["NextMarker"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static Dictionary<string, object?> Describe(Execution execution) => new()
    {
        ["DurableExecutionArn"] = execution.Record.Arn,
        ["DurableExecutionName"] = execution.Record.Name,
        ["FunctionArn"] = $"{FunctionArn}:{Version}",
        ["InputPayload"] = execution.Payload,
        ["Result"] = execution.Record.Result,
        ["Error"] = execution.Record.Error,
        ["StartTimestamp"] = Epoch(execution.Record.StartedAt),
        ["Status"] = execution.Record.Status,
        ["EndTimestamp"] = execution.Record.EndedAt is { } ended ? Epoch(ended) : null,
        ["Version"] = Version,
    };

    private static Dictionary<string, object?> History(Execution execution, System.Collections.Specialized.NameValueCollection query)
    {
        var start = int.Parse(query["Marker"] ?? "0", CultureInfo.InvariantCulture);
        var max = Math.Min(int.Parse(query["MaxItems"] ?? "100", CultureInfo.InvariantCulture), 2);
        var includeData = query["IncludeExecutionData"] == "true";
        var page = execution.Events.Skip(start).Take(max).Select(e => includeData ? e : WithoutData(e)).ToList();
        var result = new Dictionary<string, object?> { ["Events"] = page };
        if (start + page.Count < execution.Events.Count)
        {
            // Pages of two events, so the client's paging is exercised.
            result["NextMarker"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private (int, byte[]) Stop(Execution execution, byte[] body)
    {
        var error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, DurableProtocolJsonContext.Default.ErrorObject);
        if (ExecutionStatuses.IsTerminal(execution.Record.Status))
        {
            throw new DurableServiceException("InvalidParameterValueException", $"The execution is {execution.Record.Status}.", 400);
        }

        DurableExecutionRules.Stop(execution.Record, error is { ErrorType: null, ErrorMessage: null } ? null : error, DateTimeOffset.UtcNow);
        execution.AddEvent("ExecutionStopped", execution.Record.Operations[0], new() { ["Error"] = new Dictionary<string, object?> { ["Payload"] = execution.Record.Error, ["Truncated"] = false } });
        return (200, Json(new Dictionary<string, object?> { ["StopTimestamp"] = Epoch(execution.Record.EndedAt!.Value) }));
    }

    private (int, byte[]) Callback(string callbackId, string action, byte[] body)
    {
        if (!CallbackIdPattern().IsMatch(callbackId))
        {
            throw new DurableServiceException("InvalidParameterValueException", $"CallbackId '{callbackId}' does not match [A-Za-z0-9+/]+={{0,2}}.", 400);
        }

        var execution = _executions.Find(e => e.Record.Operations.Exists(o => o.CallbackDetails?.CallbackId == callbackId))
            ?? throw new DurableServiceException("InvalidParameterValueException", $"No callback {callbackId}.", 400);
        var record = execution.Record;
        var operation = record.Operations.Single(o => o.CallbackDetails?.CallbackId == callbackId);
        switch (action)
        {
            case "succeed":
                var result = Encoding.UTF8.GetString(body);
                DurableExecutionRules.CompleteCallback(record, callbackId, true, result, null, DateTimeOffset.UtcNow);
                execution.AddEvent("CallbackSucceeded", operation, new() { ["Result"] = new Dictionary<string, object?> { ["Payload"] = result, ["Truncated"] = false } });
                break;
            case "fail":
                var error = JsonSerializer.Deserialize(body, DurableProtocolJsonContext.Default.ErrorObject);
                DurableExecutionRules.CompleteCallback(record, callbackId, false, null, error, DateTimeOffset.UtcNow);
                execution.AddEvent("CallbackFailed", operation, new() { ["Error"] = new Dictionary<string, object?> { ["Payload"] = error, ["Truncated"] = false } });
                break;
            case "heartbeat":
                DurableExecutionRules.Heartbeat(record, callbackId, DateTimeOffset.UtcNow);
                if (operation.Status != OperationStatuses.Started)
                {
                    throw new DurableServiceException("CallbackTimeoutException", $"Callback {callbackId} is closed.", 400);
                }

                break;
            default:
                throw new DurableServiceException("UnknownOperationException", $"No callback action {action}.", 404);
        }

        return (200, []);
    }

    private byte[] Checkpoint(string arn, byte[] body)
    {
        var execution = Require(arn);
        var request = DurableProtocolJson.Deserialize(body, DurableProtocolJsonContext.Default.CheckpointRequest);
        var before = execution.Record.Operations.ToDictionary(o => o.Id, o => DurableProtocolJson.SerializeToString(o), StringComparer.Ordinal);
        var response = DurableExecutionRules.Checkpoint(execution.Record, request.CheckpointToken, [.. request.Updates], DateTimeOffset.UtcNow);
        foreach (var changed in response.NewExecutionState?.Operations ?? [])
        {
            var operation = execution.Record.Find(changed.Id)!;
            if (operation.Type == OperationTypes.Callback && !before.ContainsKey(operation.Id))
            {
                // The service's ids are opaque base64 (with '+', '/' and padding), not the engine's.
                operation.CallbackDetails!.CallbackId = "cb+/" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(arn + "\n" + operation.Id)));
                changed.CallbackDetails = new CallbackDetails { CallbackId = operation.CallbackDetails.CallbackId };
            }

            if (!before.TryGetValue(operation.Id, out var was) || was != DurableProtocolJson.SerializeToString(operation))
            {
                execution.AddOperationEvent(operation, null, null);
            }
        }

        return DurableProtocolJson.Serialize(response);
    }

    private byte[] State(string arn, System.Collections.Specialized.NameValueCollection query)
    {
        var token = query["CheckpointToken"] ?? throw new DurableServiceException("InvalidParameterValueException", "CheckpointToken is required.", 400);
        int? maxItems = int.TryParse(query["MaxItems"], CultureInfo.InvariantCulture, out var max) ? max : null;
        return DurableProtocolJson.Serialize(DurableExecutionRules.GetState(Require(arn).Record, token, query["Marker"], maxItems));
    }

    private static async Task<byte[]> ServeAsync(IDurableServiceClient service, Call call)
    {
        var arn = Uri.UnescapeDataString(call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2]);
        if (call.Path.EndsWith("/checkpoint", StringComparison.Ordinal))
        {
            var request = DurableProtocolJson.Deserialize(call.Body, DurableProtocolJsonContext.Default.CheckpointRequest);
            return DurableProtocolJson.Serialize(await service.CheckpointAsync(arn, request.CheckpointToken, [.. request.Updates], request.ClientToken, CancellationToken.None));
        }

        var query = System.Web.HttpUtility.ParseQueryString(call.Query);
        var token = query["CheckpointToken"] ?? throw new DurableServiceException("InvalidParameterValueException", "CheckpointToken is required.", 400);
        int? maxItems = int.TryParse(query["MaxItems"], CultureInfo.InvariantCulture, out var max) ? max : null;
        return DurableProtocolJson.Serialize(await service.GetStateAsync(arn, token, query["Marker"], maxItems, CancellationToken.None));
    }

    private Execution Require(string arn) =>
        Find(arn) ?? throw new DurableServiceException("ResourceNotFoundException", $"Durable execution not found: {arn}", 404);

    private static Dictionary<string, object?> WithoutData(Dictionary<string, object?> evt) =>
        evt.ToDictionary(p => p.Key, p => p.Value is Dictionary<string, object?> details && p.Key.EndsWith("Details", StringComparison.Ordinal)
            ? details.Where(d => d.Key is not ("Input" or "Result")).ToDictionary(d => d.Key, d => d.Value)
            : p.Value);

    private static double Epoch(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000d;

    private static byte[] Json(Dictionary<string, object?> value) => JsonSerializer.SerializeToUtf8Bytes(value, FakeJson.Options);

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex CallbackIdPattern();

    /// <summary>One request as the fake received it.</summary>
    public sealed record Call(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public JsonElement Json() => JsonDocument.Parse(Body).RootElement;
    }

    private sealed class Execution(DurableExecutionRecord record, string payload)
    {
        private static long _sequence;

        public DurableExecutionRecord Record { get; } = record;

        public string Payload { get; } = payload;

        public long Sequence { get; } = Interlocked.Increment(ref _sequence);

        public List<Dictionary<string, object?>> Events { get; } = [];

        /// <summary>The event of <paramref name="operation"/>'s current status (<c>StepSucceeded</c>, <c>CallbackStarted</c>, …) with its details.</summary>
        public void AddOperationEvent(Operation operation, string? result, ErrorObject? error)
        {
            var type = operation.Type switch
            {
                OperationTypes.ChainedInvoke => "ChainedInvoke",
                var t => t[..1] + t[1..].ToLowerInvariant(),
            };
            var (status, retry) = operation.Status switch
            {
                OperationStatuses.Pending => ("Failed", true),
                OperationStatuses.Ready => ("", false),
                OperationStatuses.TimedOut => ("TimedOut", false),
                var s => (s[..1] + s[1..].ToLowerInvariant(), false),
            };
            if (status.Length == 0)
            {
                return;
            }

            var details = new Dictionary<string, object?>();
            result ??= operation.StepDetails?.Result ?? operation.CallbackDetails?.Result ?? operation.ContextDetails?.Result ?? operation.ChainedInvokeDetails?.Result;
            error ??= operation.StepDetails?.Error ?? operation.CallbackDetails?.Error ?? operation.ContextDetails?.Error ?? operation.ChainedInvokeDetails?.Error;
            if (result is not null && status == "Succeeded")
            {
                details["Result"] = new Dictionary<string, object?> { ["Payload"] = result, ["Truncated"] = false };
            }

            if (error is not null && status is "Failed" or "TimedOut" or "Stopped")
            {
                details["Error"] = new Dictionary<string, object?> { ["Payload"] = error, ["Truncated"] = false };
            }

            if (operation.Type == OperationTypes.Step && (retry || status is "Succeeded" or "Failed"))
            {
                details["RetryDetails"] = new Dictionary<string, object?>
                {
                    ["CurrentAttempt"] = operation.StepDetails?.Attempt ?? 1,
                    ["NextAttemptDelaySeconds"] = retry && operation.StepDetails?.NextAttemptTimestamp is { } next ? (int)Math.Ceiling((next - DateTimeOffset.UtcNow).TotalSeconds) : null,
                };
            }

            if (operation.CallbackDetails?.CallbackId is { } callbackId && status == "Started")
            {
                details["CallbackId"] = callbackId;
            }

            if (operation.WaitDetails?.ScheduledEndTimestamp is { } end && status == "Started")
            {
                details["ScheduledEndTimestamp"] = Epoch(end);
            }

            AddEvent(type + status, operation, details);
        }

        public void AddEvent(string eventType, Operation operation, Dictionary<string, object?> details)
        {
            var evt = new Dictionary<string, object?>
            {
                ["EventType"] = eventType,
                ["EventId"] = Events.Count + 1,
                ["Id"] = operation.Id,
                ["Name"] = operation.Name,
                ["EventTimestamp"] = Epoch(DateTimeOffset.UtcNow),
            };
            if (operation.SubType is not null)
            {
                evt["SubType"] = operation.SubType;
            }

            if (operation.ParentId is not null)
            {
                evt["ParentId"] = operation.ParentId;
            }

            evt[eventType + "Details"] = details;
            Events.Add(evt);
        }
    }
}
