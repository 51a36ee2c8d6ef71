using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.History;
using Conveyor.States.Items;
using Conveyor.States.Json;
using Conveyor.States.Paths;

namespace Conveyor.States.States;

/// <summary>Map: inline (ItemsPath/Items, ItemSelector, MaxConcurrency) and distributed (ItemReader, ItemBatcher, tolerated failures).</summary>
internal static class MapState
{
    public static ValueTask<StateOutcome> ExecuteAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        frame.Run.Emit(HistoryEventType.MapStateStarted, s.Name, mapIndex: frame.MapItem?.Index);
        return ErrorHandling.RunAsync(s, raw, frame, ctx, async _ =>
        {
            try
            {
                var results = await RunAsync(s, raw, frame, ctx);
                frame.Run.Emit(HistoryEventType.MapStateSucceeded, s.Name, mapIndex: frame.MapItem?.Index);
                return DataFlow.Finish(s, raw, results, hasResult: true, frame, ctx);
            }
            catch (StatesException ex)
            {
                frame.Run.Emit(HistoryEventType.MapStateFailed, s.Name, error: ex.Error, cause: ex.Cause, mapIndex: frame.MapItem?.Index);
                throw;
            }
        });
    }

    private static async ValueTask<JsonNode> RunAsync(StateDefinition s, JsonNode? raw, ExecutionFrame frame, ContextObject ctx)
    {
        var map = s.Map!;
        var pc = new PathContext(raw, ctx, frame.Variables);
        var effective = s.IsJsonata ? raw : DataFlow.InputPath(s, raw, pc);
        var scope = DataFlow.Scope(raw, ctx, frame);
        var items = map.ItemReader is not null
            ? await ReadItemsAsync(s, effective, frame, ctx)
            : Items(s, effective, pc, scope);
        var maxConcurrency = (int)Number(map.MaxConcurrency, map.MaxConcurrencyPath, "MaxConcurrency", scope, pc.WithInput(effective), 0, int.MaxValue);
        var tolerance = map.Distributed ? Tolerance(map, scope, pc.WithInput(effective)) : null;

        // Iterations may read the input concurrently; make sure lazily parsed nodes are fully built first.
        JsonUtil.Materialize(effective);
        JsonUtil.Materialize(items);
        var selectorInput = effective;
        JsonNode? Select(int index, JsonNode? item, ContextObject iterationCtx)
        {
            if (map.ItemSelectorPath is not null) { return map.ItemSelectorPath.Evaluate(new PathContext(selectorInput, iterationCtx, frame.Variables)); }
            if (map.ItemSelectorJsonata is not null) { return map.ItemSelectorJsonata.Evaluate(DataFlow.Scope(raw, iterationCtx, frame), "ItemSelector"); }
            return JsonUtil.Clone(item);
        }

        JsonArray results;
        if (map.ItemBatcher is not null)
        {
            // The spec batches *selected* items: ItemSelector runs on each item ($$.Map.Item is that item), then the
            // batches ({"BatchInput", "Items"}) are the child executions' inputs as they are.
            var selected = new JsonNode?[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                selected[i] = Select(i, items[i], (frame with { MapItem = new MapItemInfo(i, items[i]) }).CreateContext(s.Name));
            }

            var batches = Batch(s, selected, effective, pc, scope);
            JsonUtil.Materialize(batches);
            results = await MapIterations.RunAsync(s, batches, maxConcurrency, tolerance, frame, (_, batch, _) => JsonUtil.Clone(batch));
        }
        else
        {
            results = await MapIterations.RunAsync(s, items, maxConcurrency, tolerance, frame, Select);
        }

        return map.ResultWriter is null ? results : await WriteResultsAsync(s, results, effective, frame, ctx);
    }

    /// <summary>With a ResultWriter the Map's result is <c>{MapRunArn, ResultWriterDetails}</c> instead of the results.</summary>
    private static async ValueTask<JsonNode> WriteResultsAsync(StateDefinition s, JsonArray results, JsonNode? effective, ExecutionFrame frame, ContextObject ctx)
    {
        var map = s.Map!;
        var writer = frame.Run.Options.ResultWriter ?? throw new StatesException(StatesErrorNames.ResultWriterFailed,
            $"The Map state '{s.Name}' has a ResultWriter but no result writer is configured");
        var arguments = map.ResultWriterParameters?.Evaluate(new PathContext(effective, ctx, frame.Variables))
            ?? map.ResultWriterArguments?.Evaluate(DataFlow.Scope(effective, ctx, frame), "ResultWriter/Arguments");
        var mapRunId = Guid.NewGuid().ToString();
        var succeeded = new JsonArray();
        var failed = new JsonArray();
        for (var i = 0; i < results.Count; i++)
        {
            var entry = new JsonObject { ["Index"] = i, ["Output"] = results[i]?.DeepClone() };
            (results[i] is JsonObject o && o.Count == 2 && o.ContainsKey("Error") && o.ContainsKey("Cause") ? failed : succeeded).Add((JsonNode)entry);
        }

        JsonNode? details;
        try
        {
            details = await writer.WriteResultsAsync(new ResultWriterRequest(JsonUtil.GetString(map.ResultWriter!["Resource"]) ?? string.Empty, arguments,
                map.ResultWriter["WriterConfig"] as JsonObject, mapRunId, succeeded, failed), frame.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StatesException(StatesErrorNames.ResultWriterFailed, ex.Message);
        }

        return new JsonObject
        {
            ["MapRunArn"] = $"arn:aws:states:local:000000000000:mapRun:{frame.Run.Info.StateMachineName}/{s.Name}:{mapRunId}",
            ["ResultWriterDetails"] = details,
        };
    }

    private static JsonArray Items(StateDefinition s, JsonNode? effective, PathContext pc, Jsonata.JsonataScope scope)
    {
        var map = s.Map!;
        var node = map.Items is not null ? map.Items.Evaluate(scope, "Items")
            : map.ItemsPath is not null ? pc.WithInput(effective).Resolve(map.ItemsPath, "ItemsPath")
            : effective;
        return node as JsonArray ?? throw FieldValue.Invalid(map.Items is not null,
            $"The Map state '{s.Name}' needs an array of items but {(map.Items is not null ? "the field 'Items'" : map.ItemsPath is not null ? "'ItemsPath'" : "its input")} gave {JsonUtil.TypeName(node)} {FieldValue.Shorten(JsonUtil.ToJson(node))}");
    }

    private static async ValueTask<JsonArray> ReadItemsAsync(StateDefinition s, JsonNode? effective, ExecutionFrame frame, ContextObject ctx)
    {
        var map = s.Map!;
        var reader = frame.Run.Options.ItemReader ?? throw new StatesException(StatesErrorNames.ItemReaderFailed,
            $"The Map state '{s.Name}' has an ItemReader but no item reader is configured");
        var arguments = map.ItemReaderParameters?.Evaluate(new PathContext(effective, ctx, frame.Variables))
            ?? map.ItemReaderArguments?.Evaluate(DataFlow.Scope(effective, ctx, frame), "ItemReader/Arguments");
        var config = map.ItemReader!["ReaderConfig"] as JsonObject;
        JsonArray items;
        try
        {
            items = await reader.ReadItemsAsync(new ItemReaderRequest(JsonUtil.GetString(map.ItemReader["Resource"]) ?? string.Empty, arguments, config), frame.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StatesException(StatesErrorNames.ItemReaderFailed, ex.Message);
        }

        if (config?["MaxItems"] is { } max && JsonUtil.TryGetNumber(max, out var limit) && limit < items.Count)
        {
            return new JsonArray(items.Take((int)limit).Select(JsonUtil.Clone).ToArray());
        }

        return items;
    }

    private static JsonArray Batch(StateDefinition s, JsonNode?[] selected, JsonNode? effective, PathContext pc, Jsonata.JsonataScope scope)
    {
        var map = s.Map!;
        var input = pc.WithInput(effective);
        var maxItems = (int)Number(map.MaxItemsPerBatch, map.MaxItemsPerBatchPath, "MaxItemsPerBatch", scope, input, 0, int.MaxValue);
        var maxBytes = (int)Number(map.MaxInputBytesPerBatch, map.MaxInputBytesPerBatchPath, "MaxInputBytesPerBatch", scope, input, 0, MapBatches.MaxInputBytes);
        var batchInput = map.BatchInputPath?.Evaluate(input) ?? map.BatchInputJsonata?.Evaluate(scope, "BatchInput");
        return MapBatches.Build(s.Name, selected, batchInput, maxItems, maxBytes);
    }

    private static FailureTolerance Tolerance(MapDefinition map, Jsonata.JsonataScope scope, PathContext pc) => new(
        Number(map.ToleratedFailureCount, map.ToleratedFailureCountPath, "ToleratedFailureCount", scope, pc, -1, int.MaxValue),
        Number(map.ToleratedFailurePercentage, map.ToleratedFailurePercentagePath, "ToleratedFailurePercentage", scope, pc, -1, 100, integer: false));

    private static double Number(Jsonata.JsonataTemplate? template, JsonPath? path, string field, Jsonata.JsonataScope scope, PathContext pc, double fallback,
        double max, bool integer = true)
    {
        if (template is not null) { return FieldValue.Number(template.Evaluate(scope, field), field, jsonata: true, 0, max, integer); }
        if (path is null) { return fallback; }
        var node = pc.Resolve(path, field + "Path");
        return node is null ? fallback : FieldValue.Number(node, field + "Path", jsonata: false, 0, max, integer);
    }
}
