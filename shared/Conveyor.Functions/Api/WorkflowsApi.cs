using System.Globalization;
using System.Text.Json;
using Conveyor.Core.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Functions.Workflows;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>
/// The durable workflow endpoints, the asynchronous HTTP API pattern over <see cref="WorkflowService"/>:
/// <c>POST /workflows</c> starts (202 Accepted, <c>Location</c> of the status, <c>Retry-After</c>); <c>GET /workflows/{name}</c>
/// answers 202 (with <c>Location</c> and <c>Retry-After</c>) while the execution runs and 200 once it ended;
/// <c>GET /workflows</c> lists, <c>GET /workflows/{name}/history</c> shows the operations, <c>POST /workflows/{name}/stop</c>
/// stops; <c>POST /callbacks/{callbackId}/succeed|fail|heartbeat</c> answers a callback. Every route acts for one tenant
/// (the token's, or <c>?tenant=</c> / <c>"tenant"</c>); another tenant's executions are not found.
/// </summary>
internal sealed class WorkflowsApi(WorkflowService workflows)
{
    /// <summary>Seconds a client should wait before polling the status again.</summary>
    public const int RetryAfterSeconds = 2;

    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;
    private const string StartShape = "a JSON object {\"workflow\", \"name\"?, \"input\", \"tenant\"?}";

    /// <summary><c>POST /workflows</c> <c>{workflow, name?, input, tenant?}</c>: the name (else the <c>Idempotency-Key</c> header, else a new one) is the idempotency key.</summary>
    public async Task<HttpApiResponse> StartAsync(HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        using var document = TasksApi.ParseBody(request, StartShape);
        var body = document.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest($"The request body must be {StartShape}.");
        }

        var tenant = caller.ResolveTenant(TasksApi.OptionalString(body, "tenant"), "\"tenant\" in the body");
        var workflow = TasksApi.OptionalString(body, "workflow") ?? throw ApiException.BadRequest($"The \"workflow\" is missing from the body; this application has: {workflows.Catalog.Names}.");
        if (!body.TryGetProperty("input", out var input))
        {
            throw ApiException.BadRequest("The workflow \"input\" is missing from the body; pass {} when there is nothing to pass.");
        }

        var name = TasksApi.OptionalString(body, "name") ?? TasksApi.Header(request, "idempotency-key") ?? "wf-" + Guid.NewGuid().ToString("N");
        var started = await workflows.StartAsync(new StartWorkflowRequest(tenant, workflow, name, input, caller.User, request.RequestContext.RequestId), cancellationToken);
        var info = await workflows.FindAsync(tenant, started.ExecutionArn, cancellationToken)
            ?? throw ApiException.NotFound($"The execution {name} was started but cannot be read back; ask for it again.");
        return Execution(202, info, Location(name, tenant, caller), retry: true);
    }

    /// <summary><c>GET /workflows?tenant=&amp;status=&amp;limit=</c>: the tenant's executions, newest first.</summary>
    public async Task<HttpApiResponse> ListAsync(HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var query = TasksApi.Query(request);
        var tenant = Tenant(request, caller);
        var status = query.GetValueOrDefault("status") is { Length: > 0 } s ? s.ToUpperInvariant() : null;
        if (status is not null && status is not (ExecutionStatuses.Running or ExecutionStatuses.Succeeded or ExecutionStatuses.Failed or ExecutionStatuses.TimedOut or ExecutionStatuses.Stopped))
        {
            throw ApiException.BadRequest($"status must be RUNNING, SUCCEEDED, FAILED, TIMED_OUT or STOPPED; got '{status}'.");
        }

        var limit = query.GetValueOrDefault("limit") is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit
                ? n
                : throw ApiException.BadRequest($"limit must be a whole number from 1 to {MaxLimit}; got '{text}'.")
            : DefaultLimit;
        var items = await workflows.ListAsync(tenant, status, limit, cancellationToken);
        return Respond(200, ApiJson.Write(items, (writer, list) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in list)
            {
                WorkflowJson.WriteExecution(writer, item, workflows.WorkflowOf(item));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
    }

    /// <summary><c>GET /workflows/{name}</c>: 202 with <c>Location</c> and <c>Retry-After</c> while it runs, 200 when it ended.</summary>
    public async Task<HttpApiResponse> GetAsync(string name, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var tenant = Tenant(request, caller);
        var info = await RequireAsync(tenant, name, cancellationToken);
        var running = info.Execution.Status == ExecutionStatuses.Running;
        return Execution(running ? 202 : 200, info, running ? Location(name, tenant, caller) : null, retry: running);
    }

    /// <summary><c>GET /workflows/{name}/history</c>: <c>{name, status, operations}</c>, operations in start order.</summary>
    public async Task<HttpApiResponse> HistoryAsync(string name, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var info = await RequireAsync(Tenant(request, caller), name, cancellationToken);
        var operations = await workflows.Executions.HistoryAsync(info.Execution.DurableExecutionArn, cancellationToken) ?? [];
        return Respond(200, ApiJson.Write((info, operations), static (writer, value) =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", value.info.Execution.DurableExecutionName);
            writer.WriteString("status", value.info.Execution.Status);
            writer.WriteStartArray("operations");
            foreach (var operation in value.operations)
            {
                WorkflowJson.WriteOperation(writer, operation);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
    }

    /// <summary><c>POST /workflows/{name}/stop</c> with an optional <c>{type, message}</c> saying why; 200 with the stopped execution.</summary>
    public async Task<HttpApiResponse> StopAsync(string name, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var tenant = Tenant(request, caller);
        var info = await RequireAsync(tenant, name, cancellationToken);
        var error = string.IsNullOrWhiteSpace(request.Body) ? null : ErrorFrom(request, "a JSON object {\"type\"?, \"message\"?} saying why");
        await workflows.Executions.StopAsync(info.Execution.DurableExecutionArn, error, cancellationToken);
        return Execution(200, await RequireAsync(tenant, name, cancellationToken), null, retry: false);
    }

    /// <summary>
    /// <c>POST /callbacks/{callbackId}/succeed</c> (the body, any JSON, is the result), <c>/fail</c> (<c>{type?, message?}</c>),
    /// <c>/heartbeat</c>: 204 when accepted; 404 for an unknown callback, 409 for one no longer waiting. The optional
    /// <c>?execution=</c> (the execution's name or ARN, as the approval request carries it) names where the callback
    /// is, so only that execution is read (on AWS, without it, the tenant's running executions are searched).
    /// </summary>
    public async Task<HttpApiResponse> CallbackAsync(string callbackId, string action, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var execution = TasksApi.Query(request).GetValueOrDefault("execution");
        if (execution is { Length: 0 })
        {
            throw new ApiException(400, ApiErrorTypes.Validation, "The query parameter execution, when given, names the callback's execution (its name or ARN).");
        }

        _ = await workflows.FindByCallbackAsync(Tenant(request, caller), callbackId, execution, cancellationToken)
            ?? throw ApiException.NotFound(execution is null ? $"Callback {callbackId} does not exist." : $"Callback {callbackId} does not exist in execution {execution}.");
        switch (action)
        {
            case "succeed":
                string? result = null;
                if (!string.IsNullOrWhiteSpace(request.Body) || request.IsBase64Encoded)
                {
                    using var document = TasksApi.ParseBody(request, "the callback's result as JSON");
                    result = document.RootElement.GetRawText();
                }

                await workflows.Executions.SendCallbackSuccessAsync(callbackId, result, cancellationToken);
                break;
            case "fail":
                var error = string.IsNullOrWhiteSpace(request.Body) ? new ErrorObject { ErrorType = "CallbackFailed", ErrorMessage = "The callback was failed." } : ErrorFrom(request, "a JSON object {\"type\"?, \"message\"?}");
                await workflows.Executions.SendCallbackFailureAsync(callbackId, error, cancellationToken);
                break;
            case "heartbeat":
                await workflows.Executions.SendCallbackHeartbeatAsync(callbackId, cancellationToken);
                break;
            default:
                throw ApiException.NotFound($"No callback action '{action}'; use succeed, fail or heartbeat.");
        }

        return new HttpApiResponse { StatusCode = 204, Headers = new Dictionary<string, string>(StringComparer.Ordinal) };
    }

    private async Task<DurableExecutionInfo> RequireAsync(string tenant, string name, CancellationToken cancellationToken) =>
        await workflows.FindAsync(tenant, name, cancellationToken) ?? throw ApiException.NotFound($"Workflow execution {name} does not exist.");

    private HttpApiResponse Execution(int statusCode, DurableExecutionInfo info, string? location, bool retry)
    {
        var response = Respond(statusCode, ApiJson.Write(info, (writer, value) => WorkflowJson.WriteExecution(writer, value, workflows.WorkflowOf(value))));
        var headers = new Dictionary<string, string>(response.Headers!, StringComparer.Ordinal);
        if (location is not null)
        {
            headers["location"] = location;
        }

        if (retry)
        {
            headers["retry-after"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return new HttpApiResponse { StatusCode = statusCode, Headers = headers, Body = response.Body };
    }

    private static HttpApiResponse Respond(int statusCode, string body) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" },
        Body = body,
    };

    /// <summary>The status URL; it names the tenant unless the token does.</summary>
    private static string Location(string name, string tenant, ApiCaller caller) =>
        "/workflows/" + Uri.EscapeDataString(name) + (caller.Tenant is null ? "?tenant=" + Uri.EscapeDataString(tenant) : string.Empty);

    private static string Tenant(HttpApiRequest request, ApiCaller caller)
    {
        if (TasksApi.CountOf(request.RawQueryString, "tenant") > 1)
        {
            throw ApiException.BadRequest("The tenant query parameter is given more than once; pass exactly one tenant.");
        }

        return caller.ResolveTenant(TasksApi.Query(request).GetValueOrDefault("tenant"), "the tenant query parameter");
    }

    private static ErrorObject ErrorFrom(HttpApiRequest request, string expected)
    {
        using var document = TasksApi.ParseBody(request, expected);
        var body = document.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest($"The request body must be {expected}.");
        }

        return new ErrorObject
        {
            ErrorType = TasksApi.OptionalString(body, "type") ?? "CallbackFailed",
            ErrorMessage = TasksApi.OptionalString(body, "message"),
        };
    }
}
