using System.Text.Json.Nodes;

namespace Conveyor.States.Execution;

/// <summary>The current Map item as seen through <c>$$.Map.Item</c>.</summary>
internal sealed record MapItemInfo(int Index, JsonNode? Value);
