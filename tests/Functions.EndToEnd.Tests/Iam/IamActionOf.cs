using System.Text.Json;
using System.Web;

namespace Functions.EndToEnd.Tests.Iam;

/// <summary>
/// The IAM permissions one AWS request needs, read from the request as it goes over the wire: the service from the
/// SigV4 credential scope, the operation from <c>X-Amz-Target</c> (JSON protocols), <c>Action=</c> (query protocol) or
/// the REST method and path (S3, EventBridge Scheduler), the resource from the body or path. Operations map to IAM
/// actions as the Service Authorization Reference lists them (e.g. HeadObject needs s3:GetObject, SendMessageBatch
/// sqs:SendMessage, TransactWriteItems the item actions it contains, a schedule's RoleArn iam:PassRole).
/// </summary>
public static class IamActionOf
{
    private const string Account = "123456789012";
    private const string Region = "us-east-1";

    /// <summary>Permissions as <c>"action resource-arn"</c>; object and schedule ARNs end in <c>/*</c> (what a grant names).</summary>
    public static IReadOnlyList<string> Request(string method, Uri url, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var service = SigningService(headers);
        var target = headers.TryGetValue("x-amz-target", out var t) ? t[(t.IndexOf('.', StringComparison.Ordinal) + 1)..] : null;
        return service switch
        {
            "dynamodb" => DynamoDb(target ?? "", Json(body)),
            "sqs" => Sqs(target ?? "", Json(body)),
            "states" => StepFunctions(target ?? "", Json(body)),
            "sns" => Sns(body),
            "s3" => S3(method, url, headers),
            "scheduler" => Scheduler(method, url, body),
            "lambda" => Lambda(method, url),
            _ => [$"{service}:{target ?? method} {url.AbsolutePath}"],
        };
    }

    /// <summary>The service the request is signed for (the SigV4 credential scope's service, <c>unknown</c> when unsigned).</summary>
    public static string SigningService(IReadOnlyDictionary<string, string> headers)
    {
        // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, ...
        var authorization = headers.GetValueOrDefault("authorization") ?? "";
        var scope = authorization.Split("Credential=", 2) is [_, var rest] ? rest.Split(',')[0].Split('/') : [];
        return scope.Length >= 4 ? scope[3] : "unknown";
    }

    private static List<string> DynamoDb(string operation, JsonElement body)
    {
        string Table(string name) => $"arn:aws:dynamodb:{Region}:{Account}:table/{name}";
        switch (operation)
        {
            case "TransactWriteItems":
                return [.. body.GetProperty("TransactItems").EnumerateArray().SelectMany(item => item.EnumerateObject().Select(op =>
                    $"dynamodb:{(op.Name == "Put" ? "PutItem" : op.Name == "Update" ? "UpdateItem" : op.Name == "Delete" ? "DeleteItem" : "ConditionCheckItem")} {Table(op.Value.GetProperty("TableName").GetString()!)}"))];
            case "TransactGetItems":
                return [.. body.GetProperty("TransactItems").EnumerateArray().Select(item => $"dynamodb:GetItem {Table(item.GetProperty("Get").GetProperty("TableName").GetString()!)}")];
            case "BatchGetItem" or "BatchWriteItem":
                return [.. body.GetProperty("RequestItems").EnumerateObject().Select(table => $"dynamodb:{operation} {Table(table.Name)}")];
            default:
                var arn = Table(body.GetProperty("TableName").GetString()!);
                if (body.TryGetProperty("IndexName", out var index))
                {
                    arn += "/index/" + index.GetString();
                }

                return [$"dynamodb:{operation} {arn}"];
        }
    }

    private static List<string> Sqs(string operation, JsonElement body)
    {
        var url = body.GetProperty("QueueUrl").GetString()!;
        var name = url[(url.LastIndexOf('/') + 1)..];
        var action = operation switch
        {
            "SendMessageBatch" => "SendMessage",
            "DeleteMessageBatch" => "DeleteMessage",
            "ChangeMessageVisibilityBatch" => "ChangeMessageVisibility",
            _ => operation,
        };
        return [$"sqs:{action} arn:aws:sqs:{Region}:{Account}:{name}"];
    }

    private static List<string> StepFunctions(string operation, JsonElement body)
    {
        var arn = body.TryGetProperty("stateMachineArn", out var machine) ? machine.GetString()!
            : body.TryGetProperty("executionArn", out var execution) ? ExecutionPattern(execution.GetString()!) : "*";
        return [$"states:{operation} {arn}"];
    }

    // arn:aws:states:r:a:execution:<machine>:<name> -> ...:execution:<machine>:*
    private static string ExecutionPattern(string arn) => arn[..(arn.LastIndexOf(':') + 1)] + "*";

    private static List<string> Sns(byte[] body)
    {
        var form = HttpUtility.ParseQueryString(System.Text.Encoding.UTF8.GetString(body));
        var action = form["Action"] switch
        {
            "PublishBatch" => "Publish",
            var other => other,
        };
        return [$"sns:{action} {form["TopicArn"]}"];
    }

    private static List<string> S3(string method, Uri url, IReadOnlyDictionary<string, string> headers)
    {
        // Path style: /<bucket>[/<key>]
        var path = url.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var hasKey = slash >= 0 && slash < path.Length - 1;
        var query = HttpUtility.ParseQueryString(url.Query);
        if (!hasKey)
        {
            return [method == "GET" ? $"s3:ListBucket arn:aws:s3:::{bucket}" : $"s3:{method} arn:aws:s3:::{bucket}"];
        }

        var objects = $"arn:aws:s3:::{bucket}/*";
        var action = method switch
        {
            "GET" or "HEAD" => "s3:GetObject",
            "DELETE" when query["uploadId"] is not null => "s3:AbortMultipartUpload",
            "DELETE" => "s3:DeleteObject",
            _ => "s3:PutObject", // PUT object/part, POST ?uploads / ?uploadId (multipart upload)
        };
        var permissions = new List<string> { $"{action} {objects}" };
        if (headers.TryGetValue("x-amz-copy-source", out var source))
        {
            var from = Uri.UnescapeDataString(source.TrimStart('/'));
            permissions.Add($"s3:GetObject arn:aws:s3:::{from[..from.IndexOf('/', StringComparison.Ordinal)]}/*");
        }

        return permissions;
    }

    private static List<string> Scheduler(string method, Uri url, byte[] body)
    {
        // /schedules/{Name} (groupName in the query on GET/DELETE, GroupName in the body on POST/PUT); /schedule-groups/{Name}.
        var segments = url.AbsolutePath.Trim('/').Split('/');
        var json = body.Length > 0 ? Json(body) : default;
        if (segments[0] == "schedule-groups")
        {
            var verb = method switch { "POST" => "Create", "DELETE" => "Delete", _ => "Get" };
            return [$"scheduler:{verb}ScheduleGroup arn:aws:scheduler:{Region}:{Account}:schedule-group/{Uri.UnescapeDataString(segments[1])}"];
        }

        var group = HttpUtility.ParseQueryString(url.Query)["groupName"]
            ?? (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("GroupName", out var g) ? g.GetString() : null)
            ?? "default";
        var operation = method switch { "POST" => "CreateSchedule", "PUT" => "UpdateSchedule", "DELETE" => "DeleteSchedule", _ => segments.Length > 1 ? "GetSchedule" : "ListSchedules" };
        var permissions = new List<string> { $"scheduler:{operation} arn:aws:scheduler:{Region}:{Account}:schedule/{group}/*" };
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("Target", out var target) && target.TryGetProperty("RoleArn", out var role))
        {
            permissions.Add($"iam:PassRole {role.GetString()}");
        }

        return permissions;
    }

    private static List<string> Lambda(string method, Uri url)
    {
        // Invoke (POST /2015-03-31/functions/{FunctionName}/invocations) is authorized against the function as named,
        // qualifier included; ListDurableExecutionsByFunction (GET /2025-12-01/functions/{FunctionName}/durable-executions)
        // against the function. The execution operations (checkpoint, state, get, history, stop) against the execution
        // ARN (function:<name>:<version>/durable-execution/<name>/<id>), which a grant names as function:<name>:* ("Security
        // and permissions for Lambda durable functions": an unqualified function ARN never matches); a callback is
        // authorized against the execution that issued it (its id is opaque: the service resolves it, here the fake does).
        var path = url.AbsolutePath;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        switch (method, segments)
        {
            case ("POST", [_, "functions", var function, "invocations"]):
                return [$"lambda:InvokeFunction {FunctionArn(function)}"];
            case ("GET", [_, "functions", var function, "durable-executions"]):
                return [$"lambda:ListDurableExecutionsByFunction {FunctionArn(function)}"];
            case ("POST", [_, "durable-execution-callbacks", var callbackId, var action]):
                var owner = CallbackExecutions?.Invoke(callbackId) ?? $"unknown-callback:{callbackId}";
                var callbackAction = action switch { "succeed" => "Success", "fail" => "Failure", "heartbeat" => "Heartbeat", var other => ":" + other };
                return [$"lambda:SendDurableExecutionCallback{callbackAction} {ExecutionGrant(owner)}"];
            case (_, [_, "durable-executions", var arn, ..]):
                var operation = (method, segments.Length > 3 ? segments[3] : "") switch
                {
                    ("POST", "checkpoint") => "CheckpointDurableExecution",
                    ("GET", "state") => "GetDurableExecutionState",
                    ("GET", "") => "GetDurableExecution",
                    ("GET", "history") => "GetDurableExecutionHistory",
                    ("POST", "stop") => "StopDurableExecution",
                    (_, var other) => $"{method}:{other}",
                };
                return [$"lambda:{operation} {ExecutionGrant(arn)}"];
            default:
                return [$"lambda:{method} {path}"];
        }
    }

    /// <summary>Resolves an opaque callback id to the ARN of the execution that issued it (set by the suite's fixture).</summary>
    public static Func<string, string?>? CallbackExecutions { get; set; }

    private static string FunctionArn(string function) =>
        function.StartsWith("arn:", StringComparison.Ordinal) ? function : $"arn:aws:lambda:{Region}:{Account}:function:{function}";

    private static string ExecutionGrant(string arn)
    {
        var qualified = arn.IndexOf("/durable-execution/", StringComparison.Ordinal) is var cut and > 0 ? arn[..cut] : arn;
        return $"{qualified[..(qualified.LastIndexOf(':') + 1)]}*";
    }

    private static JsonElement Json(byte[] body)
    {
        if (body.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
