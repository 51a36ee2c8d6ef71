namespace Conveyor.States.Jsonata;

/// <summary>A variable binding frame; lookups walk up to the enclosing frames and then to the host's resolver.</summary>
internal sealed class JsonataFrame(JsonataFrame? parent, Func<string, object?>? hostLookup = null)
{
    private Dictionary<string, object?>? _values;

    public void Bind(string name, object? value) => (_values ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    public object? Lookup(string name)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._values is not null && frame._values.TryGetValue(name, out var value)) { return value; }
            if (frame._hostLookup is not null) { return frame._hostLookup(name); }
        }

        return JsonataValues.Undefined;
    }

    public JsonataFrame? Parent { get; } = parent;

    private readonly Func<string, object?>? _hostLookup = hostLookup;
}
