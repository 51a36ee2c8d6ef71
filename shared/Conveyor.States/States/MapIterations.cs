using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Json;

namespace Conveyor.States.States;

/// <summary>Runs Map iterations with bounded concurrency; results land at their item's index, so order is the input order.</summary>
internal static class MapIterations
{
    public delegate JsonNode? IterationInput(int index, JsonNode? item, ContextObject iterationContext);

    public static async ValueTask<JsonArray> RunAsync(StateDefinition s, JsonArray items, int maxConcurrency, FailureTolerance? tolerance,
        ExecutionFrame frame, IterationInput selectInput)
    {
        var map = s.Map!;
        var count = items.Count;
        var results = new JsonNode?[count];
        var failures = 0;
        StatesException? firstError = null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(frame.CancellationToken);
        var run = frame.Run;

        async ValueTask RunOne(int index)
        {
            var item = items[index];
            var mapItem = new MapItemInfo(index, item);
            var iterationFrame = frame with { Variables = new VariableScope(frame.Variables), MapItem = mapItem, CancellationToken = cts.Token };
            run.Emit(HistoryEventType.MapIterationStarted, s.Name, mapIndex: index);
            try
            {
                // ItemSelector sees $$.Map.Item.* through a context whose state is the Map state.
                var selectorCtx = iterationFrame.CreateContext(s.Name);
                var input = selectInput(index, item, selectorCtx);
                results[index] = JsonUtil.Own(await GraphRunner.RunAsync(map.Processor, input, iterationFrame));
                run.Emit(HistoryEventType.MapIterationSucceeded, s.Name, mapIndex: index);
            }
            catch (StatesException ex)
            {
                run.Emit(HistoryEventType.MapIterationFailed, s.Name, error: ex.Error, cause: ex.Cause, mapIndex: index);
                if (tolerance is null)
                {
                    if (Interlocked.CompareExchange(ref firstError, ex, null) is null) { await cts.CancelAsync(); }
                    return;
                }

                Interlocked.Increment(ref failures);
                results[index] = new JsonObject { ["Error"] = ex.Error, ["Cause"] = ex.Cause };
            }
        }

        var workers = maxConcurrency <= 0 ? Math.Min(count, run.Options.UnboundedMapConcurrency) : Math.Min(count, maxConcurrency);
        if (workers <= 1)
        {
            for (var i = 0; i < count && firstError is null; i++) { await RunOne(i); }
        }
        else
        {
            var next = -1;
            var tasks = new Task[workers];
            for (var w = 0; w < workers; w++)
            {
                tasks[w] = Task.Run(async () =>
                {
                    int i;
                    while (firstError is null && (i = Interlocked.Increment(ref next)) < count)
                    {
                        await RunOne(i);
                    }
                }, CancellationToken.None);
            }

            try
            {
                await Task.WhenAll(tasks);
            }
            catch (OperationCanceledException) when (firstError is not null)
            {
                // Iterations cancelled because another one failed: that failure wins.
            }
        }

        if (firstError is not null) { throw firstError; }
        frame.CancellationToken.ThrowIfCancellationRequested();
        if (tolerance is not null && tolerance.IsExceeded(failures, count))
        {
            throw new StatesException(StatesErrorNames.ExceedToleratedFailureThreshold,
                $"The Map state '{s.Name}' had {failures} failed iteration(s) of {count}, above the tolerated failure threshold");
        }

        return new JsonArray(results);
    }
}
