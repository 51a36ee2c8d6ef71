namespace Conveyor.States.Paths;

/// <summary>One step of a compiled JSONPath.</summary>
internal abstract class PathSegment
{
    public virtual bool IsDefinite => false;
}

internal sealed class NameSegment(string name) : PathSegment
{
    public string Name { get; } = name;

    public override bool IsDefinite => true;
}

internal sealed class IndexSegment(int index) : PathSegment
{
    public int Index { get; } = index;

    public override bool IsDefinite => true;
}

internal sealed class WildcardSegment : PathSegment
{
}

internal sealed class SliceSegment(int? start, int? end, int step) : PathSegment
{
    public int? Start { get; } = start;

    public int? End { get; } = end;

    public int Step { get; } = step;
}

internal sealed class DeepScanSegment(string? name) : PathSegment
{
    /// <summary>The property to find at any depth, or null for every node.</summary>
    public string? Name { get; } = name;
}

internal sealed class UnionSegment(IReadOnlyList<object> keys) : PathSegment
{
    /// <summary>Property names (string) or indexes (int).</summary>
    public IReadOnlyList<object> Keys { get; } = keys;
}

internal sealed class FilterSegment(FilterExpression expression) : PathSegment
{
    public FilterExpression Expression { get; } = expression;
}
