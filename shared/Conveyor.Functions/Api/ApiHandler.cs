using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Core.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Functions.Workflows;
using Conveyor.Functions.Hosting;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.ExceptionHandling;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Api;

/// <summary>
/// The REST API behind API Gateway's HTTP API (payload v2): <c>POST /tasks</c>, <c>GET /tasks</c>,
/// <c>GET /tasks/{id}</c>, <c>GET /tasks/{id}/subtasks</c>, <c>GET /tasks/{id}/progress</c>, <c>POST /tasks/{id}/retry</c>, and the MBC CQRS Serverless
/// task package's routes with its shapes: <c>POST /tasks/step-function-task</c>, <c>GET /tasks/{pk}/{sk}</c>,
/// <c>GET /tasks/{tenantCode}?type=TASK|SFN_TASK</c> (see docs/MIGRATING-FROM-MBC.md); and durable workflows with the
/// asynchronous HTTP API pattern (<see cref="WorkflowsApi"/>): <c>POST /workflows</c> → 202 + <c>Location</c> + <c>Retry-After</c>,
/// <c>GET /workflows[/{name}[/history]]</c>, <c>POST /workflows/{name}/stop</c>, <c>POST /callbacks/{id}/succeed|fail|heartbeat</c>;
/// and the host's dead letters (<see cref="DeadLettersApi"/>): <c>GET /dead-letters</c>, <c>POST /dead-letters/{messageId}/redrive</c>.
/// </summary>
/// <remarks>
/// Routes by method and <c>rawPath</c> (stage prefix stripped), so the embedded engine's HTTP server can pass requests
/// with or without a stage. The tenant comes from the <c>custom:tenant</c> claim when the token has one. Every error is
/// <c>{"error":{"type","message"},"requestId"}</c>: 400 bad input, malformed JSON, invalid UTF-8 or lone surrogates, 403 another
/// tenant, 404 unknown task, execution, callback or route, 405 wrong method, 409 a lost write race, a task that cannot be retried, an execution name
/// another task holds, a callback no longer waiting or an execution already ended, 413 a body or input over the size policy
/// (<see cref="PayloadLimits"/>), 422 an <c>Idempotency-Key</c> (or execution name) reused with a different request,
/// 501 workflow routes on a host without durable workflows and dead-letter routes on a host without a dead-letter store
/// (AWS: SQS cannot take one message out of a queue by id; its console's DLQ redrive applies), 500 anything else —
/// without internals, which go to the log.
/// A payload format 1.0 event (an API Gateway REST API) is not answered: the invocation fails with
/// <see cref="InvalidEventException"/> naming the shape, so a miswired deployment shows in the function's errors.
/// </remarks>
public sealed class ApiHandler : ILambdaHandler<HttpApiRequest, HttpApiResponse>
{
    /// <summary>This function, described once: template.yaml's <c>ApiFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<ApiHandler, HttpApiRequest, HttpApiResponse>(
            "Api",
            FunctionTrigger.HttpApi,
            TimeSpan.FromSeconds(30),
            sp => new ApiHandler(sp.GetRequiredService<TaskService>(), sp.GetLogger<ApiHandler>(), sp.GetService<WorkflowService>(), sp.GetService<IDeadLetterStore>()));

    private readonly TasksApi _api;
    private readonly WorkflowsApi? _workflows;
    private readonly DeadLettersApi? _deadLetters;
    private readonly ILogger _logger;

    /// <param name="workflows">Serves <c>/workflows</c> and <c>/callbacks</c>; without it (no durable execution service on this host) they answer 501.</param>
    /// <param name="deadLetters">Serves <c>/dead-letters</c>; without it (AWS) they answer 501.</param>
    public ApiHandler(TaskService tasks, ILogger<ApiHandler> logger, WorkflowService? workflows = null, IDeadLetterStore? deadLetters = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        _api = new TasksApi(tasks);
        _workflows = workflows is null ? null : new WorkflowsApi(workflows);
        _deadLetters = deadLetters is null ? null : new DeadLettersApi(deadLetters);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>An error response in the API's shape, for the hosts that serve this handler (the local server's own errors).</summary>
    public static HttpApiResponse ErrorResponse(int statusCode, string type, string message, string requestId) =>
        ApiJson.Error(statusCode, type, message, requestId);

    public JsonTypeInfo<HttpApiRequest> EventTypeInfo => HttpApiJsonContext.Default.HttpApiRequest;

    public JsonTypeInfo<HttpApiResponse> ResponseTypeInfo => HttpApiJsonContext.Default.HttpApiResponse;

    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (input.HttpMethod is not null || !string.Equals(input.Version, "2.0", StringComparison.Ordinal))
        {
            // Routing a 1.0 event by its (absent) v2 fields would answer "GET /" → 404: refuse it and say why instead.
            throw new InvalidEventException(
                $"The Api function takes API Gateway HTTP API events in payload format 2.0; this is a payload format {(input.HttpMethod is null ? input.Version : "1.0 (REST API)")} event"
                + $"{(input.HttpMethod is null ? string.Empty : $" for {input.HttpMethod} {input.Path}")}. Put the function behind an HTTP API with PayloadFormatVersion 2.0, as template.yaml does.");
        }

        var requestId = string.IsNullOrEmpty(input.RequestContext.RequestId) ? context.RequestId : input.RequestContext.RequestId;
        var method = input.RequestContext.Http.Method.ToUpperInvariant();
        try
        {
            var response = await RouteAsync(input, method, cancellationToken);
            ApiLog.Handled(_logger, method, input.RawPath, response.StatusCode, requestId);
            return response;
        }
        catch (ApiException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, ex.StatusCode, ex.Message, requestId);
            return ApiJson.Error(ex.StatusCode, ex.ErrorType, ex.Message, requestId, ex.Allow);
        }
        catch (PayloadTooLargeException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 413, ex.Message, requestId);
            return ApiJson.Error(413, ApiErrorTypes.PayloadTooLarge, ex.Message, requestId);
        }
        catch (IdempotencyKeyReusedException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 422, ex.Message, requestId);
            return ApiJson.Error(422, ApiErrorTypes.IdempotencyKeyReused, ex.Message, requestId);
        }
        catch (ValidationException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 400, ex.Message, requestId);
            return ApiJson.Error(400, ApiErrorTypes.Validation, ex.Message, requestId);
        }
        catch (TaskNotFoundException ex)
        {
            return ApiJson.Error(404, ApiErrorTypes.NotFound, ex.Message, requestId);
        }
        catch (TaskNotRetryableException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 409, ex.Message, requestId);
            return ApiJson.Error(409, ApiErrorTypes.NotRetryable, ex.Message, requestId);
        }
        catch (ExecutionNameTakenException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 409, ex.Message, requestId);
            return ApiJson.Error(409, ApiErrorTypes.Conflict, ex.Message, requestId);
        }
        catch (DurableServiceException ex) when (ex.StatusCode < 500)
        {
            // The durable service's refusals: an unknown execution or callback, one no longer waiting or already ended, a bad value.
            var (status, type) = ex.StatusCode switch
            {
                404 => (404, ApiErrorTypes.NotFound),
                409 => (409, ApiErrorTypes.Conflict),
                _ when ex.ErrorCode == "CallbackTimeoutException" => (409, ApiErrorTypes.Conflict),
                _ => (400, ApiErrorTypes.Validation),
            };
            ApiLog.Refused(_logger, method, input.RawPath, status, ex.Message, requestId);
            return ApiJson.Error(status, type, ex.Message, requestId);
        }
        catch (TaskConflictException ex)
        {
            ApiLog.Refused(_logger, method, input.RawPath, 409, ex.Message, requestId);
            return ApiJson.Error(409, ApiErrorTypes.Conflict, "The task was changed by another request; read it again and retry.", requestId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The API answers every failure with a JSON error; details go to the log, never to the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ApiLog.Failed(_logger, ex, method, input.RawPath, requestId);
            return ApiJson.Error(500, ApiErrorTypes.Internal, "An unexpected error occurred; quote the request id when reporting it.", requestId);
        }
    }

    private Task<HttpApiResponse> RouteAsync(HttpApiRequest request, string method, CancellationToken cancellationToken)
    {
        var route = ApiRoute.Match(request) ?? throw ApiException.NotFound($"No route for {method} {request.RawPath}; the API serves /tasks, /workflows, /callbacks and /dead-letters.");
        var caller = ApiCaller.From(request);
        return (route.Kind, method) switch
        {
            (ApiRouteKind.Tasks, "POST") => _api.CreateAsync(request, caller, cancellationToken),
            (ApiRouteKind.Tasks, "GET") => _api.ListAsync(request, caller, cancellationToken),
            (ApiRouteKind.Task, "GET") => _api.GetAsync(route.TaskId!, caller, cancellationToken),
            (ApiRouteKind.SubTasks, "GET") => _api.SubTasksAsync(route.TaskId!, caller, cancellationToken),
            (ApiRouteKind.Progress, "GET") => _api.ProgressAsync(route.TaskId!, caller, cancellationToken),
            (ApiRouteKind.Retry, "POST") => _api.RetryAsync(route.TaskId!, request, caller, cancellationToken),
            (ApiRouteKind.MbcStepFunctionTasks, "POST") => _api.CreateAsync(request, caller, cancellationToken, stepFunctionRoute: true),
            (ApiRouteKind.MbcTask, "GET") => _api.MbcGetAsync(route.TaskId!, route.Sk!, caller, cancellationToken),
            (ApiRouteKind.MbcTenantTasks, "GET") => _api.MbcListAsync(route.TaskId!, request, caller, cancellationToken),
            (ApiRouteKind.Workflows or ApiRouteKind.Workflow or ApiRouteKind.WorkflowHistory or ApiRouteKind.WorkflowStop or ApiRouteKind.Callback, _) when _workflows is null =>
                throw new ApiException(501, ApiErrorTypes.NotAvailable, "Durable workflows are not available on this host (it has no durable execution service)."),
            (ApiRouteKind.Workflows, "POST") => _workflows!.StartAsync(request, caller, cancellationToken),
            (ApiRouteKind.Workflows, "GET") => _workflows!.ListAsync(request, caller, cancellationToken),
            (ApiRouteKind.Workflow, "GET") => _workflows!.GetAsync(route.TaskId!, request, caller, cancellationToken),
            (ApiRouteKind.WorkflowHistory, "GET") => _workflows!.HistoryAsync(route.TaskId!, request, caller, cancellationToken),
            (ApiRouteKind.WorkflowStop, "POST") => _workflows!.StopAsync(route.TaskId!, request, caller, cancellationToken),
            (ApiRouteKind.Callback, "POST") => _workflows!.CallbackAsync(route.TaskId!, route.Sk!, request, caller, cancellationToken),
            (ApiRouteKind.DeadLetters or ApiRouteKind.DeadLetterRedrive, _) when _deadLetters is null =>
                throw new ApiException(501, ApiErrorTypes.NotAvailable, "Dead letters are listed and re-driven one by one on the local engine; on AWS SQS cannot take one message out of a queue by id: use the SQS console's dead-letter queue redrive (StartMessageMoveTask) on the task queue's DLQ."),
            (ApiRouteKind.DeadLetters, "GET") => _deadLetters!.ListAsync(request, caller, cancellationToken),
            (ApiRouteKind.DeadLetterRedrive, "POST") => _deadLetters!.RedriveAsync(route.TaskId!, caller, cancellationToken),
            _ => throw new ApiException(405, ApiErrorTypes.MethodNotAllowed, $"{method} is not allowed on {request.RawPath}; allowed: {route.Allow}.")
            {
                Allow = route.Allow,
            },
        };
    }
}
