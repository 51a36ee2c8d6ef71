using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Durable.Protocol;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Local.Durable;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The embedded Lambda durable execution service's invoker: at start it hands back executions a killed process was
/// invoking; then it fires due timers, retries and callback deadlines and invokes every execution that has something
/// to do — in process, through the function's handler, with the same JSON envelope Lambda sends — and applies its
/// answer (SUCCEEDED, FAILED, PENDING). An invocation that throws is retried, as Lambda retries it.
/// </summary>
public sealed class DurableExecutionLoop(SqliteDurableExecutions executions, IServiceProvider services, EngineOptions options, ILogger<DurableExecutionLoop> logger)
    : PollingLoop("durable executions", logger)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromMinutes(15);

    public override FunctionTrigger? Trigger => FunctionTrigger.DurableExecution;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    protected override Task PrepareAsync(StopTokens stop) => executions.RecoverAsync(stop.Intake);

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var claims = await executions.ClaimDueAsync(options.Workers * 4, stop.Intake).ConfigureAwait(false);
        if (claims.Count == 0)
        {
            await Task.Delay(options.PollInterval, stop.Intake).ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(claims.Select(claim => Task.Run(() => InvokeAsync(claim, stop.Work), CancellationToken.None))).ConfigureAwait(false);
    }

    private async Task InvokeAsync(DurableInvocationClaim claim, CancellationToken cancellationToken)
    {
        DurableInvocationOutput output;
        try
        {
            var function = (FunctionDescriptors.Find(claim.FunctionName)
                ?? throw new InvalidOperationException($"No function '{claim.FunctionName}' is described; durable executions can only run described functions.")).Resolve(services);
            var payload = JsonNode.Parse(DurableProtocolJson.Serialize(claim.Envelope));
            var context = InProcessLambdaContext.Create(function.Name, InvocationTimeout, cancellationToken: cancellationToken);
            var answer = await function.InvokeAsync(payload, context, cancellationToken).ConfigureAwait(false);
            output = DurableProtocolJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(answer, DurableProtocolJsonContext.Default.Options), DurableProtocolJsonContext.Default.DurableInvocationOutput);
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
}
