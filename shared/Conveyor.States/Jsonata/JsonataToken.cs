namespace Conveyor.States.Jsonata;

/// <summary>A lexical token of a JSONata expression.</summary>
internal readonly record struct JsonataToken(JsonataTokenKind Kind, string Text, object? Value, int Position);

/// <summary>Token categories.</summary>
internal enum JsonataTokenKind
{
    End,
    Number,
    String,
    Name,
    Variable,
    Operator,
    Regex,
}
