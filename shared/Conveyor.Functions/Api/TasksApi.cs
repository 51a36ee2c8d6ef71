using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>The task endpoints over <see cref="TaskService"/>; bad input is an <see cref="ApiException"/> with a message that says how to fix it.</summary>
internal sealed class TasksApi(TaskService tasks)
{
    private const int DefaultLimit = 50;

    /// <summary>MBC's page size (DynamoDbService.listItemsByPk's default limit).</summary>
    public const int MbcPageSize = 10;

    /// <summary>
    /// <c>POST /tasks</c> <c>{tenant, type, input, name?, stepFunction?}</c>; 201 when created, 200 with the first task for
    /// a repeated <c>Idempotency-Key</c>. MBC's names <c>tenantCode</c> / <c>taskType</c> are accepted as aliases; a body
    /// that uses them (and not <c>tenant</c> / <c>type</c>) is answered in MBC's TaskEntity shape, as is
    /// <c>POST /tasks/step-function-task</c> (<paramref name="stepFunctionRoute"/>), MBC's route for step-function tasks.
    /// </summary>
    public async Task<HttpApiResponse> CreateAsync(HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken, bool stepFunctionRoute = false)
    {
        using var document = ParseBody(request);
        var body = document.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("The request body must be a JSON object {\"tenant\", \"type\", \"input\", \"name\"?, \"stepFunction\"?}.");
        }

        var mbcShape = stepFunctionRoute || (!body.TryGetProperty("tenant", out _) && !body.TryGetProperty("type", out _)
            && (body.TryGetProperty("tenantCode", out _) || body.TryGetProperty("taskType", out _)));
        var tenant = caller.ResolveTenant(Aliased(body, "tenant", "tenantCode"), mbcShape ? "\"tenantCode\" in the body" : "\"tenant\" in the body");
        var type = Aliased(body, "type", "taskType") ?? throw ApiException.BadRequest(
            mbcShape ? "The task \"taskType\" is missing from the body." : "The task \"type\" is missing from the body.");
        if (!body.TryGetProperty("input", out var input))
        {
            throw ApiException.BadRequest("The task \"input\" is missing from the body; pass {} when there is nothing to pass.");
        }

        var stepFunction = body.TryGetProperty("stepFunction", out var sfn) && sfn.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw ApiException.BadRequest("\"stepFunction\" must be true or false."),
        };
        var create = new CreateTaskRequest(
            tenant,
            type,
            input,
            OptionalString(body, "name"),
            caller.User,
            request.RequestContext.RequestId,
            Header(request, "idempotency-key"));
        var creation = stepFunction || stepFunctionRoute
            ? await tasks.CreateStepFunctionTaskAsync(create, cancellationToken)
            : await tasks.CreateTaskAsync(create, cancellationToken);
        return mbcShape
            ? ApiJson.MbcTask(creation.Created ? 201 : 200, creation.Task, "/tasks/" + Uri.EscapeDataString(creation.Task.Key.Pk) + "/" + Uri.EscapeDataString(creation.Task.Key.Sk))
            : ApiJson.Task(creation.Created ? 201 : 200, creation.Task, "/tasks/" + Uri.EscapeDataString(creation.Task.Id));
    }

    /// <summary>MBC's <c>GET /tasks/{pk}/{sk}</c>: the task in MBC's TaskEntity shape; 404 when it does not exist (MBC answers 200 with an empty entity).</summary>
    public async Task<HttpApiResponse> MbcGetAsync(string pk, string sk, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = new TaskKey(pk, sk);
        try
        {
            _ = TaskKeys.KindOf(key);
            caller.ResolveTenant(TaskKeys.TenantOf(key), "the task's pk");
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest(ex.Message, ex);
        }

        var task = await tasks.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound($"Task {key.Id} does not exist.");
        return ApiJson.MbcTask(200, await tasks.WithLiveProgressAsync(task, cancellationToken));
    }

    /// <summary>
    /// MBC's <c>GET /tasks/{tenantCode}?type=TASK|SFN_TASK</c>: <c>{items, lastSk?}</c>, the first 10 tasks oldest
    /// first, in MBC's TaskEntity shape. Step-function lists hold the parents only (MBC mixes their subtasks in).
    /// </summary>
    public async Task<HttpApiResponse> MbcListAsync(string tenantCode, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var kind = Query(request).GetValueOrDefault("type") switch
        {
            TaskKeys.TaskPrefix => TaskKind.Task,
            TaskKeys.StepFunctionPrefix => TaskKind.StepFunction,
            var other => throw ApiException.BadRequest($"The type of task must be either \"TASK\" or \"SFN_TASK\"; got '{other}'."),
        };
        var tenant = caller.ResolveTenant(tenantCode, "the tenant code in the path");
        var page = await tasks.ListAsync(new TaskListRequest(tenant, kind, MbcPageSize, Ascending: true), cancellationToken);
        var items = await WithLiveProgressAsync(page.Items, cancellationToken);
        return ApiJson.MbcList(items, page.ContinuationToken is not null && items.Count > 0 ? items[^1].Key.Sk : null);
    }

    /// <summary><c>GET /tasks?tenant=&amp;kind=task|sfn&amp;limit=&amp;order=asc|desc&amp;next=</c>.</summary>
    public async Task<HttpApiResponse> ListAsync(HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var query = Query(request);
        if (CountOf(request.RawQueryString, "tenant") > 1)
        {
            throw ApiException.BadRequest("The tenant query parameter is given more than once; pass exactly one tenant.");
        }

        var tenant = caller.ResolveTenant(query.GetValueOrDefault("tenant"), "the tenant query parameter");
        var kind = query.GetValueOrDefault("kind") switch
        {
            null or "" or "task" => TaskKind.Task,
            "sfn" => TaskKind.StepFunction,
            var other => throw ApiException.BadRequest($"kind must be 'task' or 'sfn'; got '{other}'."),
        };
        var limit = query.GetValueOrDefault("limit") is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= TaskService.MaxListLimit
                ? n
                : throw ApiException.BadRequest($"limit must be a whole number from 1 to {TaskService.MaxListLimit}; got '{text}'.")
            : DefaultLimit;
        var ascending = query.GetValueOrDefault("order") switch
        {
            null or "" or "desc" => false,
            "asc" => true,
            var other => throw ApiException.BadRequest($"order must be 'asc' or 'desc'; got '{other}'."),
        };
        var next = query.GetValueOrDefault("next") is { Length: > 0 } token ? token : null;
        var page = await tasks.ListAsync(new TaskListRequest(tenant, kind, limit, ascending, next), cancellationToken);
        return ApiJson.Page(page with { Items = await WithLiveProgressAsync(page.Items, cancellationToken) });
    }

    /// <summary><c>GET /tasks/{id}</c>, id = <c>pk#sk</c>.</summary>
    public async Task<HttpApiResponse> GetAsync(string id, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = ParseId(id, caller);
        var task = await tasks.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound($"Task {key.Id} does not exist.");
        return ApiJson.Task(200, await tasks.WithLiveProgressAsync(task, cancellationToken));
    }

    /// <summary><c>GET /tasks/{id}/subtasks</c>: every subtask of a step-function task, in index order.</summary>
    public async Task<HttpApiResponse> SubTasksAsync(string id, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = await RequireParentAsync(id, caller, cancellationToken);
        return ApiJson.Items(await tasks.ListSubTasksAsync(key, cancellationToken));
    }

    /// <summary><c>GET /tasks/{id}/progress</c>: the live progress summary of a step-function task.</summary>
    public async Task<HttpApiResponse> ProgressAsync(string id, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = await RequireParentAsync(id, caller, cancellationToken);
        return ApiJson.Progress(await tasks.GetProgressAsync(key, cancellationToken));
    }

    /// <summary>
    /// <c>POST /tasks/{id}/retry</c>: a new attempt of a FAILED single task — 201 with the new task, 200 with the same
    /// task when it was retried before; 409 <c>NotRetryable</c> when it is not FAILED, not a single task, or a rejected input.
    /// </summary>
    public async Task<HttpApiResponse> RetryAsync(string id, HttpApiRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = ParseId(id, caller);
        var creation = await tasks.RetryAsync(key, caller.User, request.RequestContext.RequestId, cancellationToken);
        return ApiJson.Task(creation.Created ? 201 : 200, creation.Task, "/tasks/" + Uri.EscapeDataString(creation.Task.Id));
    }

    private async Task<IReadOnlyList<TrackedTask>> WithLiveProgressAsync(IReadOnlyList<TrackedTask> items, CancellationToken cancellationToken)
    {
        var shown = new List<TrackedTask>(items.Count);
        foreach (var item in items)
        {
            shown.Add(await tasks.WithLiveProgressAsync(item, cancellationToken));
        }

        return shown;
    }

    private async Task<TaskKey> RequireParentAsync(string id, ApiCaller caller, CancellationToken cancellationToken)
    {
        var key = ParseId(id, caller);
        if (TaskKeys.KindOf(key) != TaskKind.StepFunction)
        {
            throw ApiException.BadRequest($"Task {key.Id} is not a step-function task (SFN_TASK#…); only those have subtasks.");
        }

        _ = await tasks.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound($"Task {key.Id} does not exist.");
        return key;
    }

    private static TaskKey ParseId(string id, ApiCaller caller)
    {
        TaskKey key;
        try
        {
            key = TaskKey.ParseId(id);
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest(ex.Message, ex);
        }

        caller.ResolveTenant(TaskKeys.TenantOf(key), "the task id");
        return key;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The body as a JSON document: at most <see cref="PayloadLimits.MaxRequestBodyBytes"/> (413 beyond), valid UTF-8,
    /// valid JSON, and no string (or property name) holding a lone UTF-16 surrogate (<c>"\ud800"</c>) — such text has no
    /// UTF-8 form and could not be stored or returned faithfully.
    /// </summary>
    internal static JsonDocument ParseBody(HttpApiRequest request, string expected = "a JSON object {\"tenant\", \"type\", \"input\"}")
    {
        string text;
        try
        {
            if (request.IsBase64Encoded && request.Body is not null)
            {
                var bytes = Convert.FromBase64String(request.Body);
                EnsureBodySize(bytes.Length);
                text = StrictUtf8.GetString(bytes);
            }
            else
            {
                text = request.Body ?? string.Empty;
                EnsureBodySize(StrictUtf8.GetByteCount(text));
            }
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest("The request body is marked base64 but is not valid base64.", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid UTF-8 (invalid bytes at offset {ex.Index}); send JSON encoded as UTF-8.", ex);
        }
        catch (EncoderFallbackException ex)
        {
            throw ApiException.BadRequest("The request body contains a lone UTF-16 surrogate, which is not text; send JSON encoded as UTF-8.", ex);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiException.BadRequest($"The request body is empty; send {expected}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}", ex);
        }

        try
        {
            EnsureText(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static void EnsureBodySize(int bytes)
    {
        if (bytes > PayloadLimits.MaxRequestBodyBytes)
        {
            throw new ApiException(413, ApiErrorTypes.PayloadTooLarge, $"The request body is {bytes:N0} bytes; at most {PayloadLimits.MaxRequestBodyBytes:N0} are accepted (a task input at most {PayloadLimits.MaxInputBytes:N0}). Put large data in a bucket and pass its key.");
        }
    }

    /// <exception cref="ApiException">400 when a string escapes a lone surrogate.</exception>
    private static void EnsureText(JsonElement element)
    {
        if (JsonUnicode.FindLoneSurrogate(element) is { } where)
        {
            throw ApiException.BadRequest(
                $"The request body has a {where} with a lone UTF-16 surrogate (an unpaired \\uD800–\\uDFFF escape); such text cannot be stored. Send valid Unicode.");
        }
    }

    /// <summary>A string property under its Conveyor name or its MBC alias; 400 when both are given and differ.</summary>
    private static string? Aliased(JsonElement body, string name, string alias)
    {
        var value = OptionalString(body, name);
        var aliased = OptionalString(body, alias);
        if (value is not null && aliased is not null && !string.Equals(value, aliased, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"\"{name}\" and its alias \"{alias}\" differ ('{value}' and '{aliased}'); send one of them.");
        }

        return value ?? aliased;
    }

    internal static string? OptionalString(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw ApiException.BadRequest($"\"{name}\" must be a string.");

    internal static string? Header(HttpApiRequest request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }

        foreach (var (key, value) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    internal static Dictionary<string, string> Query(HttpApiRequest request)
    {
        if (request.QueryStringParameters is { } parsed)
        {
            return new Dictionary<string, string>(parsed, StringComparer.Ordinal);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.RawQueryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            var value = separator < 0 ? string.Empty : pair[(separator + 1)..];
            result[Unescape(name)] = Unescape(value);
        }

        return result;
    }

    internal static int CountOf(string? rawQuery, string name) =>
        (rawQuery ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Count(pair => string.Equals(Unescape(pair.Split('=', 2)[0]), name, StringComparison.Ordinal));

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException ex)
        {
            throw ApiException.BadRequest($"The query string part '{text}' is not valid percent-encoding.", ex);
        }
    }
}
