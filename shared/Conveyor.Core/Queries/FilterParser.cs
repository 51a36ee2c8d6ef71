using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Queries;

/// <summary>
/// Recursive-descent parser for the DynamoDB condition-expression grammar, with DynamoDB precedence
/// (comparisons, IN, BETWEEN, functions, parentheses bind tighter than NOT, then AND, then OR). Placeholders are bound
/// while parsing: a missing one, or one supplied but unused (DynamoDB rejects both), is a <see cref="ValidationException"/>.
/// </summary>
internal sealed class FilterParser
{
    private const int MaxInValues = 100;
    private static readonly string[] Keywords = ["AND", "OR", "NOT", "BETWEEN", "IN"];

    private readonly string _expression;
    private readonly List<FilterToken> _tokens;
    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedValues = new(StringComparer.Ordinal);
    private int _position;

    public FilterParser(string expression, IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, JsonElement> values)
    {
        _expression = expression;
        _names = names ?? new Dictionary<string, string>();
        _values = values;
        _tokens = FilterLexer.Tokenize(expression);
    }

    private FilterToken Current => _tokens[_position];

    public FilterCondition Parse()
    {
        if (Current.Kind == FilterTokenKind.End)
        {
            throw new ValidationException("A filter expression must not be empty.", "expression");
        }

        var condition = ParseOr();
        if (Current.Kind != FilterTokenKind.End)
        {
            throw Error(Current, "expected AND, OR or the end of the expression");
        }

        ThrowOnUnused(_names.Keys, _usedNames, '#', "Names");
        ThrowOnUnused(_values.Keys, _usedValues, ':', "Values");
        return condition;
    }

    private FilterCondition ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword(Current, "OR"))
        {
            _position++;
            left = new OrCondition(left, ParseAnd());
        }

        return left;
    }

    private FilterCondition ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword(Current, "AND"))
        {
            _position++;
            left = new AndCondition(left, ParseNot());
        }

        return left;
    }

    private FilterCondition ParseNot()
    {
        if (!IsKeyword(Current, "NOT"))
        {
            return ParsePrimary();
        }

        _position++;
        return new NotCondition(ParseNot());
    }

    private FilterCondition ParsePrimary()
    {
        var token = Current;
        if (token.Kind == FilterTokenKind.LeftParen)
        {
            _position++;
            var inner = ParseOr();
            Expect(FilterTokenKind.RightParen, $"')' to close the '(' at position {token.Position}");
            return inner;
        }

        if (token.Kind == FilterTokenKind.Identifier && Peek(1).Kind == FilterTokenKind.LeftParen && token.Text != "size")
        {
            return ParseFunction(token);
        }

        var operand = ParseOperand();
        var next = Current;
        if (next.Kind == FilterTokenKind.Comparator)
        {
            _position++;
            return new CompareCondition(operand, next.Text, ParseOperand());
        }

        if (IsKeyword(next, "BETWEEN"))
        {
            _position++;
            var low = ParseOperand();
            if (!IsKeyword(Current, "AND"))
            {
                throw Error(Current, "expected AND between the bounds of BETWEEN");
            }

            _position++;
            return new BetweenCondition(operand, low, ParseOperand());
        }

        if (IsKeyword(next, "IN"))
        {
            _position++;
            Expect(FilterTokenKind.LeftParen, "'(' after IN");
            var candidates = new List<FilterOperand> { ParseOperand() };
            while (Current.Kind == FilterTokenKind.Comma)
            {
                _position++;
                candidates.Add(ParseOperand());
            }

            Expect(FilterTokenKind.RightParen, "',' or ')' in the IN list");
            return candidates.Count <= MaxInValues
                ? new InCondition(operand, candidates)
                : throw Error(next, $"IN takes at most {MaxInValues} values, got {candidates.Count}");
        }

        throw Error(next, "expected a comparator (= <> < <= > >=), BETWEEN or IN");
    }

    private FilterCondition ParseFunction(FilterToken name)
    {
        _position += 2; // name and '('
        FilterCondition condition = name.Text switch
        {
            "attribute_exists" => new ExistsCondition(ParsePath(), shouldExist: true),
            "attribute_not_exists" => new ExistsCondition(ParsePath(), shouldExist: false),
            "attribute_type" => new TypeCondition(ParsePath(), ParseSecondArgument()),
            "begins_with" => new BeginsWithCondition(ParsePath(), ParseSecondArgument()),
            "contains" => new ContainsCondition(ParsePath(), ParseSecondArgument()),
            _ => throw Error(name, $"unknown function '{name.Text}' (function names are case-sensitive: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains, size)"),
        };
        Expect(FilterTokenKind.RightParen, $"')' to close {name.Text}(");
        return condition;
    }

    private FilterOperand ParseSecondArgument()
    {
        Expect(FilterTokenKind.Comma, "',' before the second argument");
        return ParseOperand();
    }

    private FilterOperand ParseOperand()
    {
        var token = Current;
        switch (token.Kind)
        {
            case FilterTokenKind.ValuePlaceholder:
                _position++;
                return new ValueOperand(LookUp(_values, _usedValues, token, "Values"));
            case FilterTokenKind.Identifier when token.Text == "size" && Peek(1).Kind == FilterTokenKind.LeftParen:
                _position += 2;
                var path = ParsePath();
                Expect(FilterTokenKind.RightParen, "')' to close size(");
                return new SizeOperand(path);
            case FilterTokenKind.Identifier or FilterTokenKind.NamePlaceholder:
                return ParsePath();
            default:
                throw Error(token, "expected an attribute name, #name, :value or size(path)");
        }
    }

    private PathOperand ParsePath()
    {
        var start = Current.Position;
        var segments = new List<PathSegment> { new(ParsePathName(), null) };
        while (true)
        {
            if (Current.Kind == FilterTokenKind.Dot)
            {
                _position++;
                segments.Add(new(ParsePathName(), null));
            }
            else if (Current.Kind == FilterTokenKind.LeftBracket)
            {
                _position++;
                var index = Current;
                if (index.Kind != FilterTokenKind.Integer || !int.TryParse(index.Text, out var value))
                {
                    throw Error(index, "expected a list index such as [0]");
                }

                _position++;
                Expect(FilterTokenKind.RightBracket, "']' after the list index");
                segments.Add(new(null, value));
            }
            else
            {
                return new PathOperand(segments, _expression[start..Current.Position].TrimEnd());
            }
        }
    }

    private string ParsePathName()
    {
        var token = Current;
        if (token.Kind == FilterTokenKind.NamePlaceholder)
        {
            _position++;
            return LookUp(_names, _usedNames, token, "Names");
        }

        if (token.Kind == FilterTokenKind.Identifier && !Keywords.Contains(token.Text, StringComparer.OrdinalIgnoreCase))
        {
            _position++;
            return token.Text;
        }

        throw Error(token, "expected an attribute name or #name placeholder");
    }

    private static T LookUp<T>(IReadOnlyDictionary<string, T> map, HashSet<string> used, FilterToken token, string what)
    {
        // Keys may be given with their prefix (":s", as DynamoDB wants) or without ("s").
        var bare = token.Text[1..];
        if (map.TryGetValue(token.Text, out var value))
        {
            used.Add(token.Text);
            return value;
        }

        if (map.TryGetValue(bare, out value))
        {
            used.Add(bare);
            return value;
        }

        throw new ValidationException($"The filter expression uses {token.Text} at position {token.Position}, but {what} has no '{token.Text}'.", what);
    }

    private static void ThrowOnUnused(IEnumerable<string> keys, HashSet<string> used, char prefix, string what)
    {
        var unused = keys.Where(k => !used.Contains(k)).Select(k => k.StartsWith(prefix) ? k : prefix + k).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new ValidationException($"{what} has {string.Join(", ", unused)}, which the filter expression does not use (DynamoDB rejects unused placeholders).", what);
        }
    }

    private void Expect(FilterTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Error(Current, "expected " + what);
        }

        _position++;
    }

    private FilterToken Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private static bool IsKeyword(FilterToken token, string keyword) =>
        token.Kind == FilterTokenKind.Identifier && string.Equals(token.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private ValidationException Error(FilterToken token, string problem) =>
        FilterLexer.SyntaxError(_expression, token.Position, token.Kind == FilterTokenKind.End ? problem + ", found the end" : $"{problem}, found '{token.Text}'");
}
