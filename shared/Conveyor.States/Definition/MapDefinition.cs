using System.Text.Json.Nodes;
using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.Definition;

/// <summary>The Map-specific fields.</summary>
internal sealed class MapDefinition
{
    public required StateGraph Processor { get; init; }

    public bool Distributed { get; init; }

    public JsonPath? ItemsPath { get; init; }

    public JsonataTemplate? Items { get; init; }

    public PayloadTemplate? ItemSelectorPath { get; init; }

    public JsonataTemplate? ItemSelectorJsonata { get; init; }

    public JsonataTemplate? MaxConcurrency { get; init; }

    public JsonPath? MaxConcurrencyPath { get; init; }

    public JsonObject? ItemReader { get; init; }

    public PayloadTemplate? ItemReaderParameters { get; init; }

    public JsonataTemplate? ItemReaderArguments { get; init; }

    public JsonObject? ItemBatcher { get; init; }

    public PayloadTemplate? BatchInputPath { get; init; }

    public JsonataTemplate? MaxItemsPerBatch { get; init; }

    public JsonPath? MaxItemsPerBatchPath { get; init; }

    public JsonataTemplate? MaxInputBytesPerBatch { get; init; }

    public JsonPath? MaxInputBytesPerBatchPath { get; init; }

    public JsonataTemplate? BatchInputJsonata { get; init; }

    public JsonataTemplate? ToleratedFailureCount { get; init; }

    public JsonataTemplate? ToleratedFailurePercentage { get; init; }

    public JsonPath? ToleratedFailureCountPath { get; init; }

    public JsonPath? ToleratedFailurePercentagePath { get; init; }

    public JsonObject? ResultWriter { get; init; }

    public PayloadTemplate? ResultWriterParameters { get; init; }

    public JsonataTemplate? ResultWriterArguments { get; init; }
}
