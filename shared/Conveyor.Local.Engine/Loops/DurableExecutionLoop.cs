using System.Text;
using System.Text.Json.Nodes;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.Workflows;
using Conveyor.Local.Durable;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The embedded Lambda durable execution service's invoker: at start it hands back executions a killed process was
/// invoking; then it fires due timers, retries and callback deadlines and invokes every execution that has something
/// to do — in process, with the same JSON envelope Lambda sends, the workflow calling its service in process or, with
/// <see cref="EngineOptions.DurableApi"/>, over HTTP: through the function's handler when the execution's
/// function is a deployed one (DocumentReview), else the registered workflow directly — and applies its answer
/// (SUCCEEDED, FAILED, PENDING). An invocation that throws is retried, as Lambda retries it. Every ended execution's
/// tracking task is then told how it ended (<see cref="WorkflowService.CompleteTaskAsync"/>); a flag on the execution,
/// set only after the task write, makes that at-least-once across crashes. A start, a callback's answer or a stop made in
/// this process wakes it at once (<see cref="SqliteDurableExecutions.ExecutionsDue"/>); timers and other processes'
/// writes are found by polling.
/// </summary>
public sealed class DurableExecutionLoop(
    SqliteDurableExecutions executions,
    DurableWorkflowCatalog workflows,
    IDurableServiceClient service,
    WorkflowService tasks,
    IServiceProvider services,
    EngineSignals signals,
    EngineOptions options,
    ILogger<DurableExecutionLoop> logger)
    : PollingLoop("durable executions", logger)
{
    private const int SyncBatch = 200;
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromMinutes(15);

    public override FunctionTrigger? Trigger => FunctionTrigger.DurableExecution;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    private DurableInvocationPump? _pump;

    protected override Task PrepareAsync(StopTokens stop)
    {
        _pump = new DurableInvocationPump(executions, options.DurableInvocations, InvokeAsync);
        executions.ExecutionsDue += (_, _) => signals.DurableExecutions.Ring();
        return executions.RecoverAsync(stop.Intake);
    }

    /// <summary>
    /// One round of invocations (<see cref="EngineOptions.DurableInvocations"/> in flight, at most four times as many in
    /// the round), then the tracking tasks of the executions that ended.
    /// </summary>
    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var (invoked, _) = await _pump!.RunAsync(options.DurableInvocations * 4, stop.Intake, stop.Work).ConfigureAwait(false);
        var synced = await SyncTasksAsync(stop.Work).ConfigureAwait(false);
        if (invoked == 0 && synced == 0)
        {
            // Woken at once by a start, a callback's answer or a stop in this process; timers and other processes' writes are polled.
            await signals.DurableExecutions.WaitAsync(options.PollInterval, stop.Intake).ConfigureAwait(false);
        }
    }

    private async Task<int> SyncTasksAsync(CancellationToken cancellationToken)
    {
        var ended = await executions.ListUnsyncedTasksAsync(SyncBatch, cancellationToken).ConfigureAwait(false);
        foreach (var info in ended)
        {
            await tasks.CompleteTaskAsync(info, cancellationToken).ConfigureAwait(false);
            await executions.MarkTaskSyncedAsync(info.Execution.DurableExecutionArn, cancellationToken).ConfigureAwait(false);
        }

        return ended.Count;
    }

    private async Task InvokeAsync(DurableInvocationClaim claim, CancellationToken cancellationToken)
    {
        DurableInvocationOutput output;
        try
        {
            output = await InvokeFunctionAsync(claim, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed invocation is retried, never fatal to the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LoopLog.Unexpected(logger, ex, "durable invocation of " + claim.Arn, ex.GetType().Name);
            await executions.FailInvocationAsync(claim.Arn, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await executions.CompleteInvocationAsync(claim.Arn, output, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<DurableInvocationOutput> InvokeFunctionAsync(DurableInvocationClaim claim, CancellationToken cancellationToken)
    {
        if (FunctionDescriptors.Find(claim.FunctionName) is { } descriptor)
        {
            var function = descriptor.Resolve(services);
            var payload = JsonNode.Parse(DurableProtocolJson.Serialize(claim.Envelope));
            var context = InProcessLambdaContext.Create(function.Name, InvocationTimeout, cancellationToken: cancellationToken);
            var answer = await function.InvokeAsync(payload, context, cancellationToken).ConfigureAwait(false);
            return DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(answer?.ToJsonString() ?? "null"), DurableProtocolJsonContext.Default.DurableInvocationOutput);
        }

        var workflow = workflows.FindByFunction(claim.FunctionName)
            ?? throw new InvalidOperationException($"No function or durable workflow '{claim.FunctionName}' is registered; durable executions can only run registered ones.");
        return await workflow.Function.Value.InvokeAsync(claim.Envelope, service, cancellationToken).ConfigureAwait(false);
    }
}
