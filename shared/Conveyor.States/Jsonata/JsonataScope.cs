using System.Text.Json.Nodes;
using Conveyor.States.Execution;

namespace Conveyor.States.Jsonata;

/// <summary>The data a JSONata expression in a state can see: <c>$states.*</c> and the workflow variables.</summary>
internal sealed class JsonataScope
{
    public required JsonNode? Input { get; init; }

    public required ContextObject Context { get; init; }

    public required VariableScope Variables { get; init; }

    public bool HasResult { get; init; }

    public JsonNode? Result { get; init; }

    public bool HasErrorOutput { get; init; }

    public JsonNode? ErrorOutput { get; init; }

    /// <summary>Overrides for $states.context parts (e.g. the Map item while evaluating ItemSelector).</summary>
    public JsonataFrame CreateFrame(bool needsContext)
    {
        var states = new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = JsonataValues.FromNode(Input) };
        if (HasResult) { states["result"] = JsonataValues.FromNode(Result); }
        if (HasErrorOutput) { states["errorOutput"] = JsonataValues.FromNode(ErrorOutput); }
        if (needsContext) { states["context"] = Context.Build(); }
        var variables = Variables;
        return new JsonataFrame(null, name =>
        {
            if (name == "states") { return states; }
            if (variables.TryGet(name, out var value)) { return JsonataValues.FromNode(value); }
            return JsonataBuiltins.TryGet(name, out var function) ? function : JsonataValues.Undefined;
        });
    }
}
