namespace Conveyor.States.Paths;

/// <summary>What a path starts from: <c>$</c> (state data), <c>$$</c> (context object) or <c>$name</c> (a variable).</summary>
public enum PathRootKind
{
    Input,
    Context,
    Variable,
}
