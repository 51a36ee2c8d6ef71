using System.Text.Json.Nodes;
using Conveyor.Functions.Invocation;
using Conveyor.States.Errors;
using Conveyor.States.Tasks;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>
/// Runs the state machine's <c>lambda:invoke</c> Task states on the in-process function handlers. A handler exception
/// fails the task with its type name as the error and a Lambda-style error body as the cause — what Step Functions
/// reports for a function error — so Retry/Catch on <c>SubTaskAttemptFailedException</c> behave as on AWS.
/// Invocations across all workflows share one bound (the engine's workers), whatever the Map's MaxConcurrency.
/// </summary>
public sealed class HandlerTaskInvoker(IReadOnlyList<InProcessFunction> functions, SemaphoreSlim concurrency, TimeSpan timeout) : ITaskResourceInvoker
{
    private readonly Dictionary<string, InProcessFunction> _functions = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency = concurrency ?? throw new ArgumentNullException(nameof(concurrency));

    /// <summary>The ARN a definition substitution gives a function.</summary>
    public static string FunctionArn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    public async ValueTask<TaskResult> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var resource = invocation.ParsedResource;
        if (!resource.IsLambdaInvoke && !resource.IsLambdaFunction)
        {
            throw new StatesException(StatesErrorNames.Runtime, $"The embedded engine runs Lambda tasks only; '{invocation.Resource}' is not supported.");
        }

        var name = FunctionNameOf(invocation.FunctionName ?? string.Empty);
        if (!_functions.TryGetValue(name, out var function))
        {
            throw new TaskFailedException("Lambda.ResourceNotFoundException", $"Function not found: {invocation.FunctionName} (known: {string.Join(", ", _functions.Keys)})");
        }

        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var context = InProcessLambdaContext.Create(function.Name, timeout, cancellationToken: cancellationToken);
            var output = await function.InvokeAsync(JsonNodeClone(invocation.Payload), context, cancellationToken).ConfigureAwait(false);
            return new TaskResult(output);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StatesException)
        {
            var body = new JsonObject { ["errorType"] = ex.GetType().Name, ["errorMessage"] = ex.Message };
            throw new TaskFailedException(ex.GetType().Name, body.ToJsonString());
        }
        finally
        {
            EngineMetrics.Invoked(function.Name, started);
            _concurrency.Release();
        }
    }

    private static string FunctionNameOf(string nameOrArn)
    {
        var marker = nameOrArn.IndexOf(":function:", StringComparison.Ordinal);
        var name = marker < 0 ? nameOrArn : nameOrArn[(marker + ":function:".Length)..];
        var qualifier = name.IndexOf(':', StringComparison.Ordinal);
        return qualifier < 0 ? name : name[..qualifier];
    }

    private static JsonNode? JsonNodeClone(JsonNode? node) => node?.DeepClone();
}
