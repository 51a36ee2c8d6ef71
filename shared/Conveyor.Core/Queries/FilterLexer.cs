using Conveyor.Core.Validation;

namespace Conveyor.Core.Queries;

internal enum FilterTokenKind
{
    Identifier,
    NamePlaceholder,
    ValuePlaceholder,
    Integer,
    Comparator,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    End,
}

/// <param name="Position">0-based character offset in the expression, for error messages.</param>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);

/// <summary>Splits a condition expression into tokens; keywords stay identifiers and the parser recognises them.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string expression)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(FilterTokenKind.LeftParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(FilterTokenKind.RightParen, ")", i++));
                    continue;
                case '[':
                    tokens.Add(new(FilterTokenKind.LeftBracket, "[", i++));
                    continue;
                case ']':
                    tokens.Add(new(FilterTokenKind.RightBracket, "]", i++));
                    continue;
                case ',':
                    tokens.Add(new(FilterTokenKind.Comma, ",", i++));
                    continue;
                case '.':
                    tokens.Add(new(FilterTokenKind.Dot, ".", i++));
                    continue;
                case '=':
                    tokens.Add(new(FilterTokenKind.Comparator, "=", i++));
                    continue;
                case '<':
                    var lt = i + 1 < expression.Length && expression[i + 1] is '=' or '>' ? "<" + expression[i + 1] : "<";
                    tokens.Add(new(FilterTokenKind.Comparator, lt, i));
                    i += lt.Length;
                    continue;
                case '>':
                    var gt = i + 1 < expression.Length && expression[i + 1] == '=' ? ">=" : ">";
                    tokens.Add(new(FilterTokenKind.Comparator, gt, i));
                    i += gt.Length;
                    continue;
                case '#' or ':':
                    i++;
                    while (i < expression.Length && IsWordChar(expression[i]))
                    {
                        i++;
                    }

                    if (i == start + 1)
                    {
                        throw SyntaxError(expression, start, $"'{c}' must be followed by a placeholder name such as {c}status");
                    }

                    tokens.Add(new(c == '#' ? FilterTokenKind.NamePlaceholder : FilterTokenKind.ValuePlaceholder, expression[start..i], start));
                    continue;
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < expression.Length && char.IsAsciiDigit(expression[i]))
                {
                    i++;
                }

                tokens.Add(new(FilterTokenKind.Integer, expression[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < expression.Length && IsWordChar(expression[i]))
                {
                    i++;
                }

                tokens.Add(new(FilterTokenKind.Identifier, expression[start..i], start));
            }
            else
            {
                throw SyntaxError(expression, start, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new(FilterTokenKind.End, string.Empty, expression.Length));
        return tokens;
    }

    public static ValidationException SyntaxError(string expression, int position, string problem) =>
        new($"Invalid filter expression at position {position}: {problem}. Expression: \"{expression}\".", nameof(expression));

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
