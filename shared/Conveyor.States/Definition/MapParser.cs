using System.Text.Json.Nodes;

namespace Conveyor.States.Definition;

/// <summary>Parses the Map-specific fields (inline and distributed).</summary>
internal static class MapParser
{
    public static MapDefinition? Parse(FieldReader r, QueryLanguage language)
    {
        var jsonata = language == QueryLanguage.Jsonata;
        var processorField = r.Has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (r.Raw(processorField) is not JsonObject processor)
        {
            r.Problem("a Map state needs 'ItemProcessor' (or the legacy 'Iterator')");
            return null;
        }

        var distributed = false;
        if (processor["ProcessorConfig"] is JsonObject config)
        {
            var mode = config["Mode"]?.GetValue<string>() ?? "INLINE";
            if (mode is not ("INLINE" or "DISTRIBUTED")) { r.Problem("ProcessorConfig.Mode must be INLINE or DISTRIBUTED"); }
            distributed = mode == "DISTRIBUTED";
        }

        var graphNode = new JsonObject();
        foreach (var (key, value) in processor)
        {
            if (key is not "ProcessorConfig") { graphNode[key] = value?.DeepClone(); }
        }

        var graph = GraphParser.Parse(graphNode, language, $"{r.Location} {processorField}", r.Problems);
        if (graph is null) { return null; }

        var reader = r.ObjectField("ItemReader");
        if (reader is not null && !distributed) { r.Problem("'ItemReader' requires ProcessorConfig.Mode DISTRIBUTED"); }
        if (r.Has("ItemBatcher") && !distributed) { r.Problem("'ItemBatcher' requires ProcessorConfig.Mode DISTRIBUTED"); }
        if ((r.Has("ToleratedFailureCount") || r.Has("ToleratedFailurePercentage")) && !distributed) { r.Problem("tolerated failure settings require ProcessorConfig.Mode DISTRIBUTED"); }
        var readerFields = reader is null ? null : new FieldReader(reader, $"{r.Location} ItemReader", r.Problems);
        if (readerFields is not null) { readerFields.String("Resource", required: true); }
        var batcher = r.ObjectField("ItemBatcher");
        var batcherFields = batcher is null ? null : new FieldReader(batcher, $"{r.Location} ItemBatcher", r.Problems);
        if (batcherFields is not null)
        {
            ValidateBatcher(batcherFields, jsonata);
        }
        var writer = r.ObjectField("ResultWriter");
        if (writer is not null && !distributed) { r.Problem("'ResultWriter' requires ProcessorConfig.Mode DISTRIBUTED"); }
        var writerFields = writer is null ? null : new FieldReader(writer, $"{r.Location} ResultWriter", r.Problems);
        var selectorField = r.Has("ItemSelector") ? "ItemSelector" : "Parameters";

        return new MapDefinition
        {
            Processor = graph,
            Distributed = distributed,
            ItemsPath = r.Path("ItemsPath", reference: false),
            Items = r.Jsonata("Items"),
            ItemSelectorPath = jsonata ? null : r.Payload(selectorField),
            ItemSelectorJsonata = jsonata ? r.Jsonata(selectorField) : null,
            MaxConcurrency = r.NumberOrTemplate("MaxConcurrency", jsonata, 0),
            MaxConcurrencyPath = r.Path("MaxConcurrencyPath", reference: true),
            ItemReader = reader,
            ItemReaderParameters = jsonata ? null : readerFields?.Payload("Parameters"),
            ItemReaderArguments = jsonata ? readerFields?.Jsonata("Arguments") : null,
            ItemBatcher = batcher,
            BatchInputPath = jsonata ? null : batcherFields?.Payload("BatchInput"),
            BatchInputJsonata = jsonata ? batcherFields?.Jsonata("BatchInput") : null,
            MaxItemsPerBatch = batcherFields?.NumberOrTemplate("MaxItemsPerBatch", jsonata, 1),
            MaxItemsPerBatchPath = batcherFields?.Path("MaxItemsPerBatchPath", reference: true),
            MaxInputBytesPerBatch = batcherFields?.NumberOrTemplate("MaxInputBytesPerBatch", jsonata, 1),
            MaxInputBytesPerBatchPath = batcherFields?.Path("MaxInputBytesPerBatchPath", reference: true),
            ToleratedFailureCount = r.NumberOrTemplate("ToleratedFailureCount", jsonata, 0),
            ToleratedFailurePercentage = r.NumberOrTemplate("ToleratedFailurePercentage", jsonata, 0),
            ToleratedFailureCountPath = r.Path("ToleratedFailureCountPath", reference: true),
            ToleratedFailurePercentagePath = r.Path("ToleratedFailurePercentagePath", reference: true),
            ResultWriter = writer,
            ResultWriterParameters = jsonata ? null : writerFields?.Payload("Parameters"),
            ResultWriterArguments = jsonata ? writerFields?.Jsonata("Arguments") : null,
        };
    }

    /// <summary>
    /// ItemBatcher needs a limit (MaxItemsPerBatch, MaxInputBytesPerBatch or their Path forms, not both forms of one), a
    /// byte limit of at most 256 KiB (the child execution's input limit), and no field it does not know.
    /// </summary>
    private static void ValidateBatcher(FieldReader batcher, bool jsonata)
    {
        foreach (var (key, _) in batcher.Object)
        {
            if (key is not ("BatchInput" or "MaxItemsPerBatch" or "MaxItemsPerBatchPath" or "MaxInputBytesPerBatch" or "MaxInputBytesPerBatchPath"))
            {
                batcher.Problem($"unknown field '{key}'");
            }
        }

        if (!batcher.Has("MaxItemsPerBatch") && !batcher.Has("MaxItemsPerBatchPath") && !batcher.Has("MaxInputBytesPerBatch") && !batcher.Has("MaxInputBytesPerBatchPath"))
        {
            batcher.Problem("needs one of 'MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'");
        }

        foreach (var field in new[] { "MaxItemsPerBatch", "MaxInputBytesPerBatch" })
        {
            if (batcher.Has(field) && batcher.Has(field + "Path")) { batcher.Problem($"has both '{field}' and '{field}Path'"); }
            if (jsonata && batcher.Has(field + "Path")) { batcher.Problem($"'{field}Path' is a JSONPath field; with JSONata use '{field}' with an expression"); }
        }

        if (Json.JsonUtil.TryGetNumber(batcher.Raw("MaxInputBytesPerBatch"), out var bytes) && bytes > States.MapBatches.MaxInputBytes)
        {
            batcher.Problem($"'MaxInputBytesPerBatch' must be at most {States.MapBatches.MaxInputBytes} (256 KiB)");
        }
    }
}
