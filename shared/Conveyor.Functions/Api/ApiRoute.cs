using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>
/// A request's route: <c>/tasks</c>, <c>/tasks/{id}</c>, <c>/tasks/{id}/subtasks</c>, <c>/tasks/{id}/progress</c>,
/// read from <c>rawPath</c> with the stage prefix stripped (so <c>/dev/tasks</c> and <c>/tasks</c> both work).
/// </summary>
internal sealed record ApiRoute(ApiRouteKind Kind, string? TaskId)
{
    private const string Tasks = "tasks";

    /// <summary>The route, or null when the path matches none.</summary>
    /// <exception cref="ApiException">400 when the id segment is not valid percent-encoding.</exception>
    public static ApiRoute? Match(HttpApiRequest request)
    {
        var segments = StripStage(request.RawPath, request.RequestContext.Stage)
            .Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Length > 3 || segments[0] != Tasks)
        {
            return null;
        }

        if (segments.Length == 1)
        {
            return new ApiRoute(ApiRouteKind.Tasks, null);
        }

        var id = Decode(segments[1]);
        return segments.Length switch
        {
            2 => new ApiRoute(ApiRouteKind.Task, id),
            _ => segments[2] switch
            {
                "subtasks" => new ApiRoute(ApiRouteKind.SubTasks, id),
                "progress" => new ApiRoute(ApiRouteKind.Progress, id),
                _ => null,
            },
        };
    }

    /// <summary>The methods this route serves.</summary>
    public string Allow => Kind == ApiRouteKind.Tasks ? "GET, POST" : "GET";

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
