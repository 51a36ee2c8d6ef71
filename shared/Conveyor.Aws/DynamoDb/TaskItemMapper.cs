using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Conveyor.Core.Tasks;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// The one mapping between <see cref="TrackedTask"/> and a DynamoDB item, used by the store and by the stream decoder.
/// Input and result are stored as JSON text (type S): exact round trip of any JSON (number precision, empty strings,
/// nesting deeper than DynamoDB's 32 levels) and a size that is simply its UTF-8 length. When moved to S3 they become a
/// map <c>{"$ref":"s3://…"}</c>; a map is never a stored JSON text, so the two cannot be confused.
/// </summary>
internal static class TaskItemMapper
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static Dictionary<string, AttributeValue> ToItem(TrackedTask task)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [A.Pk] = S(task.Key.Pk),
            [A.Sk] = S(task.Key.Sk),
            [A.Id] = S(task.Id),
            [A.Kind] = S(KindName(task.Kind)),
            [A.Tenant] = S(task.Tenant),
            [A.Type] = S(task.Type),
            [A.Name] = S(task.Name),
            [A.Status] = S(task.Status.ToWireName()),
            [A.Version] = new AttributeValue { N = task.Version.ToString(CultureInfo.InvariantCulture) },
            [A.Input] = S(task.Input.GetRawText()),
            [A.CreatedAt] = S(Timestamp(task.CreatedAt)),
            [A.UpdatedAt] = S(Timestamp(task.UpdatedAt)),
        };
        if (task.Result is { } result)
        {
            item[A.Result] = S(result.GetRawText());
        }

        if (task.Error is { } error)
        {
            item[A.Error] = new AttributeValue { M = new(StringComparer.Ordinal) { ["type"] = S(error.Type), ["message"] = S(error.Message) } };
        }

        if (task.Attributes is { } summary)
        {
            item[A.Attributes] = SummaryToMap(summary);
        }

        AddOptional(item, A.CreatedBy, task.CreatedBy);
        AddOptional(item, A.RequestId, task.RequestId);
        AddOptional(item, A.ParentPk, task.ParentKey?.Pk);
        AddOptional(item, A.ParentSk, task.ParentKey?.Sk);
        return item;
    }

    /// <exception cref="FormatException">The item is not a task row, or a field is missing or malformed.</exception>
    public static TrackedTask FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var key = new TaskKey(RequiredString(item, A.Pk), RequiredString(item, A.Sk));
        _ = TaskKeys.KindOf(key);
        var parentPk = OptionalString(item, A.ParentPk);
        var parentSk = OptionalString(item, A.ParentSk);
        return new TrackedTask
        {
            Key = key,
            Tenant = RequiredString(item, A.Tenant),
            Type = RequiredString(item, A.Type),
            Name = RequiredString(item, A.Name),
            Status = TrackedTaskStatusNames.Parse(RequiredString(item, A.Status)),
            Version = long.Parse(Required(item, A.Version).N ?? throw Missing(A.Version, "N"), NumberStyles.Integer, CultureInfo.InvariantCulture),
            Input = JsonValue(Required(item, A.Input), A.Input),
            Result = item.TryGetValue(A.Result, out var result) && result.NULL != true ? JsonValue(result, A.Result) : null,
            Error = item.TryGetValue(A.Error, out var error) && error.M is { } e
                ? new TaskError(MapString(e, "type", A.Error), MapString(e, "message", A.Error))
                : null,
            Attributes = item.TryGetValue(A.Attributes, out var attributes) && attributes.M is { } m ? SummaryFromMap(m) : null,
            CreatedAt = ParseTimestamp(RequiredString(item, A.CreatedAt), A.CreatedAt),
            UpdatedAt = ParseTimestamp(RequiredString(item, A.UpdatedAt), A.UpdatedAt),
            CreatedBy = OptionalString(item, A.CreatedBy),
            RequestId = OptionalString(item, A.RequestId),
            ParentKey = parentPk is not null && parentSk is not null ? new TaskKey(parentPk, parentSk) : null,
        };
    }

    public static string KindName(TaskKind kind) => kind switch
    {
        TaskKind.Task => A.KindTask,
        TaskKind.StepFunction => A.KindStepFunction,
        TaskKind.SubTask => A.KindSubTask,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown task kind."),
    };

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue SummaryToMap(ProgressSummary summary) => new()
    {
        M = new(StringComparer.Ordinal)
        {
            ["subTaskCount"] = N(summary.SubTaskCount),
            ["subTaskSucceedCount"] = N(summary.SubTaskSucceedCount),
            ["subTaskFailedCount"] = N(summary.SubTaskFailedCount),
            ["subTaskRunningCount"] = N(summary.SubTaskRunningCount),
            ["subTaskPendingCount"] = N(summary.SubTaskPendingCount),
            ["subTasks"] = new AttributeValue
            {
                L = summary.SubTasks.Select(s => new AttributeValue
                {
                    M = new(StringComparer.Ordinal) { ["pk"] = S(s.Pk), ["sk"] = S(s.Sk), ["status"] = S(s.Status.ToWireName()) },
                }).ToList(),
            },
        },
    };

    private static ProgressSummary SummaryFromMap(Dictionary<string, AttributeValue> map) => new(
        MapInt(map, "subTaskCount"),
        MapInt(map, "subTaskSucceedCount"),
        MapInt(map, "subTaskFailedCount"),
        MapInt(map, "subTaskRunningCount"),
        (map.TryGetValue("subTasks", out var list) ? list.L ?? [] : [])
            .Select(s => s.M ?? throw new FormatException("attributes.subTasks entries must be maps."))
            .Select(s => new SubTaskSummary(MapString(s, "pk", A.Attributes), MapString(s, "sk", A.Attributes), TrackedTaskStatusNames.Parse(MapString(s, "status", A.Attributes))))
            .ToArray(),
        map.ContainsKey("subTaskPendingCount") ? MapInt(map, "subTaskPendingCount") : 0);

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static int MapInt(Dictionary<string, AttributeValue> map, string name) =>
        map.TryGetValue(name, out var value) && value.N is { } n
            ? int.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new FormatException($"attributes.{name} is missing or not a number.");

    private static string MapString(Dictionary<string, AttributeValue> map, string name, string owner) =>
        map.TryGetValue(name, out var value) && value.S is { } s ? s : throw new FormatException($"{owner}.{name} is missing or not a string.");

    // Stored JSON text is parsed; a map (the S3 reference) is rendered as the JSON object it is.
    private static JsonElement JsonValue(AttributeValue value, string name)
    {
        if (value.S is { } text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new FormatException($"Task attribute '{name}' is not valid JSON text.", ex);
            }
        }

        return value.M is not null ? AttributeValueJson.ToPlainObject(value.M) : throw Missing(name, "S");
    }

    private static AttributeValue Required(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw new FormatException($"The item is not a task: attribute '{name}' is missing.");

    private static string RequiredString(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        Required(item, name).S ?? throw Missing(name, "S");

    private static string? OptionalString(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static void AddOptional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static DateTimeOffset ParseTimestamp(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"Task attribute '{name}' = '{text}' is not an ISO-8601 timestamp.");

    private static FormatException Missing(string name, string type) => new($"Task attribute '{name}' must be of type {type}.");
}
