using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Json;
using Conveyor.States.Paths;
using Conveyor.States.Tasks;

namespace Conveyor.States.States;

/// <summary>Task: resolves the input, asks the invoker to run the resource with timeouts, wraps lambda:invoke results.</summary>
internal static class TaskState
{
    public static ValueTask<StateOutcome> ExecuteAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var resource = TaskResource.Parse(s.Resource!);
        if (resource.Pattern == IntegrationPattern.WaitForTaskToken) { ctx.TaskToken = Guid.NewGuid().ToString("N"); }
        if (!s.IsJsonata)
        {
            // InputPath failures are States.Runtime and are never retried or caught.
            DataFlow.InputPath(s, raw, new PathContext(raw, ctx, frame.Variables));
        }

        return ErrorHandling.RunAsync(s, raw, frame, ctx, async attempt =>
        {
            var input = DataFlow.EffectiveInput(s, raw, frame, ctx);
            var result = await InvokeAsync(s, resource, input, attempt, frame, ctx);
            return DataFlow.Finish(s, raw, result, hasResult: true, frame, ctx);
        });
    }

    private static async ValueTask<JsonNode?> InvokeAsync(StateDefinition s, TaskResource resource, JsonNode? input, int attempt, ExecutionFrame frame, ContextObject ctx)
    {
        var run = frame.Run;
        var invoker = run.Options.TaskInvoker ?? throw new StatesException(StatesErrorNames.Runtime,
            $"No task resource invoker is configured, so the Task state '{s.Name}' cannot run '{s.Resource}' (configure a resolver or a mock config)");
        var timeout = Seconds(s.TimeoutSeconds, s.TimeoutSecondsPath, "TimeoutSeconds", raw: input, frame, ctx);
        var heartbeat = Seconds(s.HeartbeatSeconds, s.HeartbeatSecondsPath, "HeartbeatSeconds", raw: input, frame, ctx);
        if (heartbeat is { } hb && timeout is { } to && hb >= to)
        {
            throw new StatesException(StatesErrorNames.Runtime, $"HeartbeatSeconds ({hb}) must be smaller than TimeoutSeconds ({timeout})");
        }

        using var timeoutCts = timeout is { } limit ? new CancellationTokenSource(TimeSpan.FromSeconds(limit), run.Clock) : new CancellationTokenSource();
        using var heartbeatCts = heartbeat is { } h ? new CancellationTokenSource(TimeSpan.FromSeconds(h), run.Clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(frame.CancellationToken, timeoutCts.Token, heartbeatCts.Token);
        var invocation = new TaskInvocation
        {
            Resource = s.Resource!,
            ParsedResource = resource,
            Input = input,
            StateName = s.Name,
            ExecutionName = run.Info.ExecutionName,
            StateMachineName = run.Info.StateMachineName,
            Attempt = attempt,
            TaskToken = ctx.TaskToken,
            FunctionName = resource.IsLambdaInvoke ? JsonUtil.GetString(input?["FunctionName"]) : resource.IsLambdaFunction ? resource.Action : null,
            Payload = resource.IsLambdaInvoke ? (input as JsonObject)?["Payload"] : input,
            Heartbeat = () =>
            {
                if (heartbeat is { } hs) { heartbeatCts.CancelAfter(TimeSpan.FromSeconds(hs)); }
            },
        };

        run.Emit(HistoryEventType.TaskScheduled, s.Name, input, mapIndex: frame.MapItem?.Index, resource: s.Resource);
        try
        {
            var result = await invoker.InvokeAsync(invocation, linked.Token);
            var output = resource.IsLambdaInvoke && !result.IsServiceResponse ? WrapLambda(result.Output) : result.Output;
            run.Emit(HistoryEventType.TaskSucceeded, s.Name, output, mapIndex: frame.MapItem?.Index, resource: s.Resource);
            return output;
        }
        catch (OperationCanceledException) when (!frame.CancellationToken.IsCancellationRequested && (timeoutCts.IsCancellationRequested || heartbeatCts.IsCancellationRequested))
        {
            var error = timeoutCts.IsCancellationRequested ? StatesErrorNames.Timeout : StatesErrorNames.HeartbeatTimeout;
            run.Emit(HistoryEventType.TaskTimedOut, s.Name, error: error, mapIndex: frame.MapItem?.Index, resource: s.Resource);
            throw new StatesException(error, $"The task '{s.Name}' did not complete within {(error == StatesErrorNames.Timeout ? timeout : heartbeat)} seconds");
        }
        catch (StatesException ex)
        {
            run.Emit(HistoryEventType.TaskFailed, s.Name, error: ex.Error, cause: ex.Cause, mapIndex: frame.MapItem?.Index, resource: s.Resource);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Like Lambda's errorType: the exception's type name is the error that Retry/Catch match on.
            var failure = new StatesException(ex.GetType().Name, ex.Message);
            run.Emit(HistoryEventType.TaskFailed, s.Name, error: failure.Error, cause: failure.Cause, mapIndex: frame.MapItem?.Index, resource: s.Resource);
            throw failure;
        }
    }

    private static double? Seconds(Jsonata.JsonataTemplate? template, JsonPath? path, string field, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        JsonNode? node;
        if (template is not null) { node = template.Evaluate(DataFlow.Scope(raw, ctx, frame), field); }
        else if (path is not null) { node = new PathContext(raw, ctx, frame.Variables).Resolve(path, field + "Path"); }
        else { return null; }

        return FieldValue.Number(node, template is not null ? field : field + "Path", jsonata: template is not null, 1, 99_999_999, integer: true);
    }

    /// <summary>The shape Step Functions gives an <c>arn:aws:states:::lambda:invoke</c> result.</summary>
    internal static JsonObject WrapLambda(JsonNode? payload)
    {
        var requestId = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = JsonUtil.Own(payload),
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = new JsonArray(requestId) },
                ["HttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = requestId },
                ["HttpStatusCode"] = 200,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
            ["StatusCode"] = 200,
        };
    }
}
