using System.Globalization;
using System.Text;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Tasks;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// The dashboard over HTTP: its static files (<see cref="DashboardAssets"/>) and its read endpoints —
/// <c>GET /local/overview</c>, <c>GET /local/tasks?status&amp;tenant&amp;type&amp;kind&amp;from&amp;to&amp;q&amp;limit&amp;next</c>,
/// <c>GET /local/tasks/{id}</c>, <c>GET /local/tasks/{id}/subtasks?status&amp;order=failed-first&amp;limit&amp;next</c> and
/// <c>GET /local/statemachine</c> (the ASL the engine runs). Actions are not here: the page calls the API
/// (<c>POST /tasks/{id}/retry</c>), as the CLI's <c>tasks retry</c> does the same through <see cref="Core.Services.TaskService"/>.
/// </summary>
public sealed class DashboardEndpoints(DashboardReader reader, EngineOptions options)
{
    private const string LocalTasks = "/local/tasks";

    /// <summary>Whether <paramref name="path"/> is one of the page's files (served to anyone, like the page).</summary>
    public static bool IsAsset(string path) => DashboardAssets.Find(path) is not null;

    /// <summary>Whether <paramref name="path"/> is a dashboard read (every tenant's data).</summary>
    public static bool IsRead(string path) =>
        path is "/local/overview" or "/local/statemachine" or LocalTasks || path.StartsWith(LocalTasks + "/", StringComparison.Ordinal);

    public static HttpApiResponse Asset(string path)
    {
        var asset = DashboardAssets.Find(path) ?? throw new ArgumentException($"{path} is not a dashboard file.", nameof(path));
        return Text(200, asset.ContentType, asset.Content, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The page loads nothing from elsewhere and runs only its own script files.
            ["content-security-policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ["cache-control"] = "no-cache",
        });
    }

    /// <summary>Answers a dashboard read; 400 for a bad filter or token, 404 for an unknown task or path.</summary>
    public async Task<HttpApiResponse> ReadAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "/";
        try
        {
            if (path == "/local/overview")
            {
                return Json(DashboardJson.Overview(await reader.OverviewAsync(cancellationToken).ConfigureAwait(false)));
            }

            if (path == "/local/statemachine")
            {
                var file = options.StateMachinePath ?? EngineServices.DefaultStateMachinePath;
                return Text(200, "application/json", await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
            }

            if (path == LocalTasks)
            {
                return await ListAsync(request.Query, cancellationToken).ConfigureAwait(false);
            }

            var rest = path[(LocalTasks.Length + 1)..].Split('/');
            var key = TaskKey.ParseId(Uri.UnescapeDataString(rest[0]));
            return rest.Length switch
            {
                1 => await reader.DetailAsync(key, cancellationToken).ConfigureAwait(false) is { } detail
                    ? Json(DashboardJson.Detail(detail))
                    : ApiHandler.ErrorResponse(404, ApiErrorTypes.NotFound, $"Task {key.Id} does not exist.", requestId),
                2 when rest[1] == "subtasks" && TaskKeys.KindOf(key) == TaskKind.StepFunction => Json(DashboardJson.SubTasks(await reader.SubTasksAsync(
                    key,
                    Status(request.Query["status"]),
                    request.Query["order"] == "failed-first",
                    Limit(request.Query["limit"]),
                    Optional(request.Query["next"]),
                    cancellationToken).ConfigureAwait(false))),
                _ => ApiHandler.ErrorResponse(404, ApiErrorTypes.NotFound, $"No dashboard route {path}.", requestId),
            };
        }
        catch (FormatException ex)
        {
            return ApiHandler.ErrorResponse(400, ApiErrorTypes.Validation, ex.Message, requestId);
        }
        catch (ValidationException ex)
        {
            return ApiHandler.ErrorResponse(400, ApiErrorTypes.Validation, ex.Message, requestId);
        }
    }

    private async Task<HttpApiResponse> ListAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        var kind = Optional(query["kind"]) switch
        {
            null => (TaskKind?)null,
            "task" => TaskKind.Task,
            "sfn" => TaskKind.StepFunction,
            var other => throw new ValidationException($"kind must be 'task' or 'sfn'; got '{other}'.", nameof(query)),
        };
        var filter = new TaskSearch(
            Optional(query["tenant"]),
            kind,
            Status(query["status"]),
            Optional(query["type"]),
            Time(query["from"], "from"),
            Time(query["to"], "to"),
            Optional(query["q"]),
            Limit(query["limit"]),
            Optional(query["next"]));
        var page = await reader.ListAsync(filter, cancellationToken).ConfigureAwait(false);
        var live = new Dictionary<string, WorkflowProgress>(StringComparer.Ordinal);
        foreach (var task in page.Items)
        {
            if (await reader.LiveProgressAsync(task, cancellationToken).ConfigureAwait(false) is { } progress)
            {
                live[task.Id] = progress;
            }
        }

        return Json(DashboardJson.Page(page, live));
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static TrackedTaskStatus? Status(string? value) =>
        Optional(value) is not { } name ? null
        : TrackedTaskStatusNames.TryParse(name.ToUpperInvariant(), out var status) ? status
        : throw new ValidationException($"status '{name}' is not a task status; use CREATED, QUEUED, STARTED, PROCESSING, COMPLETED, FINISHED, FAILED or ERRORED.", nameof(value));

    private static int Limit(string? value) =>
        Optional(value) is not { } text ? 50
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ValidationException($"limit must be a whole number; got '{text}'.", nameof(value));

    private static DateTimeOffset? Time(string? value, string name) =>
        Optional(value) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new ValidationException($"{name} must be an ISO-8601 time such as 2026-11-30T10:00:00Z; got '{text}'.", nameof(value));

    private static HttpApiResponse Json(string body) => Text(200, "application/json", body);

    private static HttpApiResponse Text(int status, string contentType, string body, Dictionary<string, string>? headers = null)
    {
        headers ??= new Dictionary<string, string>(StringComparer.Ordinal);
        headers["content-type"] = contentType;
        return new HttpApiResponse { StatusCode = status, Headers = headers, Body = body };
    }
}
