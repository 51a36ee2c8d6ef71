using System.Text.Json.Serialization;

namespace Conveyor.Functions.StateMachine;

/// <summary>One item of an ItemBatcher batch as the Map reads it from the manifest: <c>{"index":n}</c>.</summary>
public sealed record MapItemBatchItem([property: JsonPropertyName("index")] int Index);
