namespace Conveyor.States.Jsonata;

/// <summary>A node of a parsed JSONata expression.</summary>
internal abstract record JsonataNode;

internal sealed record LiteralNode(object? Value) : JsonataNode;

/// <summary><c>$name</c>; an empty name is the context <c>$</c>, "$" is the root <c>$$</c>.</summary>
internal sealed record VariableNode(string Name) : JsonataNode;

internal sealed record NameNode(string Name) : JsonataNode;

internal sealed record WildcardNode : JsonataNode;

internal sealed record DescendantNode : JsonataNode;

internal sealed record PathNode(IReadOnlyList<JsonataNode> Steps) : JsonataNode;

internal sealed record FilterNode(JsonataNode Expression, JsonataNode Predicate) : JsonataNode;

internal sealed record NegateNode(JsonataNode Operand) : JsonataNode;

internal sealed record BinaryNode(string Operator, JsonataNode Left, JsonataNode Right) : JsonataNode;

internal sealed record ConditionNode(JsonataNode Condition, JsonataNode Then, JsonataNode? Else) : JsonataNode;

internal sealed record BlockNode(IReadOnlyList<JsonataNode> Expressions) : JsonataNode;

internal sealed record ArrayNode(IReadOnlyList<JsonataNode> Items) : JsonataNode;

internal sealed record ObjectNode(IReadOnlyList<KeyValuePair<JsonataNode, JsonataNode>> Pairs) : JsonataNode;

internal sealed record CallNode(JsonataNode Procedure, IReadOnlyList<JsonataNode> Arguments) : JsonataNode;

internal sealed record LambdaNode(IReadOnlyList<string> Parameters, JsonataNode Body) : JsonataNode;

internal sealed record BindNode(string Variable, JsonataNode Value) : JsonataNode;

internal sealed record RangeNode(JsonataNode From, JsonataNode To) : JsonataNode;
