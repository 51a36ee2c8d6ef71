using System.Text.Json;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Local.Durable;

namespace Conveyor.Local.Tests.Support;

/// <summary>Drives the embedded durable execution service the way the engine's loop does: claim what is due, invoke it, apply the answer.</summary>
internal static class DurableDriver
{
    /// <summary>
    /// Runs rounds until nothing is due. When a round claims nothing, <paramref name="whenIdle"/> may move the clock to
    /// the next timer (true: go on); without it, or when it returns false, the run ends. Fails after <paramref name="maxRounds"/>.
    /// </summary>
    public static async Task RunDueAsync(
        SqliteDurableExecutions executions, Func<string, IDurableFunction> functionFor, Func<Task<bool>>? whenIdle = null, int maxRounds = 50)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var claims = await executions.ClaimDueAsync(10, CancellationToken.None);
            if (claims.Count == 0)
            {
                if (whenIdle is not null && await whenIdle())
                {
                    continue;
                }

                return;
            }

            foreach (var claim in claims)
            {
                // Through the wire form, as the engine's loop invokes the function.
                var envelope = JsonSerializer.Deserialize(DurableProtocolJson.Serialize(claim.Envelope), DurableProtocolJsonContext.Default.DurableInvocationInput)!;
                var output = await functionFor(claim.FunctionName).InvokeAsync(envelope, executions, CancellationToken.None);
                await executions.CompleteInvocationAsync(claim.Arn, output, CancellationToken.None);
            }
        }

        Assert.Fail($"The executions did not settle in {maxRounds} rounds.");
    }
}
