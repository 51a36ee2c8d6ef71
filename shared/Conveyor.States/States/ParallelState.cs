using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Json;

namespace Conveyor.States.States;

/// <summary>Parallel: runs every branch on its own copy of the input; the result is the branch outputs in order.</summary>
internal static class ParallelState
{
    public static ValueTask<StateOutcome> ExecuteAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        frame.Run.Emit(HistoryEventType.ParallelStateStarted, s.Name, mapIndex: frame.MapItem?.Index);
        return ErrorHandling.RunAsync(s, raw, frame, ctx, async _ =>
        {
            var input = DataFlow.EffectiveInput(s, raw, frame, ctx);
            var results = await RunBranchesAsync(s, input, frame);
            return DataFlow.Finish(s, raw, results, hasResult: true, frame, ctx);
        });
    }

    private static async Task<JsonArray> RunBranchesAsync(StateDefinition s, JsonNode? input, ExecutionFrame frame)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(frame.CancellationToken);
        var outputs = new JsonNode?[s.Branches.Count];
        StatesException? firstError = null;
        var tasks = s.Branches.Select((branch, i) => Task.Run(async () =>
        {
            var branchFrame = frame with { Variables = new VariableScope(frame.Variables), BranchIndex = i, CancellationToken = cts.Token };
            frame.Run.Emit(HistoryEventType.ParallelBranchStarted, s.Name, branchIndex: i);
            try
            {
                outputs[i] = JsonUtil.Own(await GraphRunner.RunAsync(branch, JsonUtil.Clone(input), branchFrame));
                frame.Run.Emit(HistoryEventType.ParallelBranchSucceeded, s.Name, branchIndex: i);
            }
            catch (StatesException ex)
            {
                frame.Run.Emit(HistoryEventType.ParallelBranchFailed, s.Name, error: ex.Error, cause: ex.Cause, branchIndex: i);
                Interlocked.CompareExchange(ref firstError, ex, null);
                await cts.CancelAsync();
            }
        }, CancellationToken.None)).ToArray();

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (firstError is not null)
        {
            // Siblings cancelled because a branch failed: the branch error wins.
        }

        if (firstError is not null) { throw firstError; }
        frame.CancellationToken.ThrowIfCancellationRequested();
        return new JsonArray(outputs);
    }
}
