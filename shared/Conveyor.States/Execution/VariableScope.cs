using System.Text.Json.Nodes;

namespace Conveyor.States.Execution;

/// <summary>
/// Workflow variables of one scope (the top level, a Parallel branch or a Map iteration). Reads fall back to the
/// enclosing scope; writes stay in this scope. Values live under a holder object so they always have a parent,
/// which makes every consumer copy them instead of aliasing (variables must not change behind the workflow's back).
/// </summary>
internal sealed class VariableScope(VariableScope? parent)
{
    private readonly Lock _gate = new();
    private JsonObject? _values;

    public VariableScope? Parent { get; } = parent;

    public bool TryGet(string name, out JsonNode? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            lock (scope._gate)
            {
                if (scope._values is not null && scope._values.TryGetPropertyValue(name, out value))
                {
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    /// <summary>Assigns all values at once (an Assign block sees the values from before it ran).</summary>
    public void SetAll(IEnumerable<KeyValuePair<string, JsonNode?>> values)
    {
        lock (_gate)
        {
            _values ??= new JsonObject();
            foreach (var (name, value) in values)
            {
                _values[name] = value is null || value.Parent is null ? value : value.DeepClone();
            }
        }
    }
}
