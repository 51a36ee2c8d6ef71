namespace Conveyor.States.Jsonata;

/// <summary>A result sequence of a path step; flattened into parent sequences and unwrapped when it holds one item.</summary>
internal sealed class JsonataSequence : List<object?>
{
    public JsonataSequence()
    {
    }

    public JsonataSequence(IEnumerable<object?> items)
        : base(items)
    {
    }

    public object? Collapse() => Count switch
    {
        0 => JsonataValues.Undefined,
        1 => this[0],
        _ => this,
    };
}
