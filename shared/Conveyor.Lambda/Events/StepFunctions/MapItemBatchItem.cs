using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.StepFunctions;

/// <summary>One item of an ItemBatcher batch as the Map reads it from the manifest: <c>{"index":n}</c>.</summary>
public sealed record MapItemBatchItem([property: JsonPropertyName("index")] int Index);
