using System.Text.Json.Nodes;

namespace Conveyor.States.States;

/// <summary>What a state produced and where to go next (null = the graph ends here).</summary>
internal readonly record struct StateOutcome(JsonNode? Output, string? Next);
