using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>
/// A request's route: <c>/tasks</c>, <c>/tasks/{id}</c>, <c>/tasks/{id}/subtasks</c>, <c>/tasks/{id}/progress</c>, <c>/tasks/{id}/retry</c>,
/// read from <c>rawPath</c> with the stage prefix stripped (so <c>/dev/tasks</c> and <c>/tasks</c> both work), and the
/// MBC CQRS Serverless routes <c>/tasks/step-function-task</c>, <c>/tasks/{pk}/{sk}</c> and <c>/tasks/{tenantCode}</c>.
/// A Conveyor id is <c>pk#sk</c> and so always contains '#'; a tenant code never does, which tells
/// <c>/tasks/{id}</c> from <c>/tasks/{tenantCode}</c>; after MBC's pk (one '#'), a third segment is MBC's sk. The durable
/// workflow routes are <c>/workflows[/{name}[/history|stop]]</c> and <c>/callbacks/{callbackId}/{action}</c>; dead letters
/// <c>/dead-letters</c> and <c>/dead-letters/{messageId}/redrive</c>.
/// </summary>
internal sealed record ApiRoute(ApiRouteKind Kind, string? TaskId, string? Sk = null)
{
    public const string StepFunctionTask = "step-function-task";

    private const string Tasks = "tasks";
    private const string Workflows = "workflows";
    private const string Callbacks = "callbacks";
    private const string DeadLetters = "dead-letters";

    /// <summary>The route, or null when the path matches none.</summary>
    /// <exception cref="ApiException">400 when the id segment is not valid percent-encoding.</exception>
    public static ApiRoute? Match(HttpApiRequest request)
    {
        var segments = StripStage(request.RawPath, request.RequestContext.Stage)
            .Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is > 0 and <= 3 && segments[0] is Workflows or Callbacks)
        {
            return MatchWorkflow(segments);
        }

        if (segments.Length > 0 && segments[0] == DeadLetters)
        {
            return segments.Length switch
            {
                1 => new ApiRoute(ApiRouteKind.DeadLetters, null),
                3 when segments[2] == "redrive" => new ApiRoute(ApiRouteKind.DeadLetterRedrive, Decode(segments[1])),
                _ => null,
            };
        }

        if (segments.Length == 0 || segments.Length > 3 || segments[0] != Tasks)
        {
            return null;
        }

        if (segments.Length == 1)
        {
            return new ApiRoute(ApiRouteKind.Tasks, null);
        }

        if (segments.Length == 2 && segments[1] == StepFunctionTask)
        {
            return new ApiRoute(ApiRouteKind.MbcStepFunctionTasks, null);
        }

        var id = Decode(segments[1]);
        return segments.Length switch
        {
            2 => new ApiRoute(id.Contains('#', StringComparison.Ordinal) ? ApiRouteKind.Task : ApiRouteKind.MbcTenantTasks, id),
            _ => segments[2] switch
            {
                "subtasks" => new ApiRoute(ApiRouteKind.SubTasks, id),
                "progress" => new ApiRoute(ApiRouteKind.Progress, id),
                "retry" => new ApiRoute(ApiRouteKind.Retry, id),
                // MBC's pk is TASK#tenant or SFN_TASK#tenant: one '#'. A Conveyor id followed by anything else is no route.
                var sk when id.Count(c => c == '#') == 1 => new ApiRoute(ApiRouteKind.MbcTask, id, Decode(sk)),
                _ => null,
            },
        };
    }

    /// <summary>The methods this route serves.</summary>
    public string Allow => Kind switch
    {
        ApiRouteKind.Tasks or ApiRouteKind.Workflows => "GET, POST",
        ApiRouteKind.MbcStepFunctionTasks or ApiRouteKind.Retry or ApiRouteKind.WorkflowStop or ApiRouteKind.Callback or ApiRouteKind.DeadLetterRedrive => "POST",
        _ => "GET",
    };

    /// <summary><c>/workflows</c>, <c>/workflows/{name}</c>, <c>/workflows/{name}/history|stop</c>, <c>/callbacks/{id}/{action}</c>.</summary>
    private static ApiRoute? MatchWorkflow(string[] segments) => (segments[0], segments.Length) switch
    {
        (Workflows, 1) => new ApiRoute(ApiRouteKind.Workflows, null),
        (Workflows, 2) => new ApiRoute(ApiRouteKind.Workflow, Decode(segments[1])),
        (Workflows, 3) when segments[2] == "history" => new ApiRoute(ApiRouteKind.WorkflowHistory, Decode(segments[1])),
        (Workflows, 3) when segments[2] == "stop" => new ApiRoute(ApiRouteKind.WorkflowStop, Decode(segments[1])),
        (Callbacks, 3) => new ApiRoute(ApiRouteKind.Callback, Decode(segments[1]), segments[2]),
        _ => null,
    };

    private static string StripStage(string rawPath, string? stage)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        if (string.IsNullOrEmpty(stage) || stage == "$default")
        {
            return path;
        }

        var prefix = "/" + stage;
        return path == prefix ? "/"
            : path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[prefix.Length..]
            : path;
    }

    private static string Decode(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException ex)
        {
            throw ApiException.BadRequest($"The task id '{segment}' is not valid percent-encoding.", ex);
        }
    }
}
