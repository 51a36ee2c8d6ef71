using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Execution;
using Conveyor.States.Json;

namespace Conveyor.States.Paths;

/// <summary>What paths resolve against: the state data (<c>$</c>), the context object (<c>$$</c>) and variables (<c>$name</c>).</summary>
internal sealed class PathContext(JsonNode? input, ContextObject context, VariableScope variables)
{
    public JsonNode? Input { get; } = input;

    public ContextObject Context { get; } = context;

    public VariableScope Variables { get; } = variables;

    public PathContext WithInput(JsonNode? input) => new(input, Context, Variables);

    public bool TryResolve(JsonPath path, out JsonNode? value)
    {
        switch (path.RootKind)
        {
            case PathRootKind.Context:
                if (path.IsDefinite) { return Context.TryResolve(path.Segments, out value); }
                return JsonPathEvaluator.TryEvaluate(path, Context.Build(), out value);
            case PathRootKind.Variable:
                if (!Variables.TryGet(path.VariableName!, out var variable)) { value = null; return false; }
                return JsonPathEvaluator.TryEvaluate(path, variable, out value);
            default:
                return JsonPathEvaluator.TryEvaluate(path, Input, out value);
        }
    }

    /// <summary>Resolves a path or fails the way Step Functions does (States.Runtime).</summary>
    public JsonNode? Resolve(JsonPath path, string field)
    {
        if (TryResolve(path, out var value))
        {
            return value;
        }

        var source = path.RootKind switch
        {
            PathRootKind.Variable => $"variable '${path.VariableName}'",
            PathRootKind.Context => "the context object",
            _ => $"the input '{Shorten(JsonUtil.ToJson(Input))}'",
        };
        throw new StatesException(StatesErrorNames.Runtime,
            $"The JSONPath '{path.Text}' specified for the field '{field}' could not be found in {source}");
    }

    private static string Shorten(string s) => s.Length > 256 ? s[..256] + "..." : s;
}
