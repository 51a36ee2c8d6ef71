using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Paths;

/// <summary>A JSONPath filter expression <c>?(...)</c>: comparisons of <c>@</c>/<c>$</c> paths and literals with &amp;&amp;, || and !.</summary>
internal abstract class FilterExpression
{
    /// <summary>Evaluates against the current element and the path root; returns a node or <see cref="Missing"/>.</summary>
    public abstract object? Evaluate(JsonNode? current, JsonNode? root);

    public static readonly object Missing = new();

    public bool IsTrue(JsonNode? current, JsonNode? root)
    {
        var value = Evaluate(current, root);
        return value switch
        {
            bool b => b,
            _ when ReferenceEquals(value, Missing) => false,
            JsonNode n when JsonUtil.IsBoolean(n) => n.GetValue<bool>(),
            null => false,
            _ => true,
        };
    }
}

internal sealed class LiteralFilter(JsonNode? value) : FilterExpression
{
    public override object? Evaluate(JsonNode? current, JsonNode? root) => value;
}

internal sealed class PathFilter(bool relative, IReadOnlyList<PathSegment> segments) : FilterExpression
{
    public override object? Evaluate(JsonNode? current, JsonNode? root) =>
        JsonPathEvaluator.TryNavigate(relative ? current : root, segments, out var node) ? node : Missing;
}

internal sealed class NotFilter(FilterExpression operand) : FilterExpression
{
    public override object? Evaluate(JsonNode? current, JsonNode? root) => !operand.IsTrue(current, root);
}

internal sealed class LogicalFilter(bool isAnd, FilterExpression left, FilterExpression right) : FilterExpression
{
    public override object? Evaluate(JsonNode? current, JsonNode? root) => isAnd
        ? left.IsTrue(current, root) && right.IsTrue(current, root)
        : left.IsTrue(current, root) || right.IsTrue(current, root);
}

internal sealed class CompareFilter(string op, FilterExpression left, FilterExpression right) : FilterExpression
{
    public override object? Evaluate(JsonNode? current, JsonNode? root)
    {
        var l = left.Evaluate(current, root);
        var r = right.Evaluate(current, root);
        if (ReferenceEquals(l, Missing) || ReferenceEquals(r, Missing))
        {
            return op == "!=" && !(ReferenceEquals(l, Missing) && ReferenceEquals(r, Missing));
        }

        var ln = l as JsonNode;
        var rn = r as JsonNode;
        if (op is "==" or "!=")
        {
            return JsonUtil.DeepEquals(ln, rn) == (op == "==");
        }

        int cmp;
        if (JsonUtil.TryGetNumber(ln, out var a) && JsonUtil.TryGetNumber(rn, out var b)) { cmp = a.CompareTo(b); }
        else if (JsonUtil.GetString(ln) is { } sa && JsonUtil.GetString(rn) is { } sb) { cmp = string.CompareOrdinal(sa, sb); }
        else { return false; }

        return op switch { "<" => cmp < 0, "<=" => cmp <= 0, ">" => cmp > 0, _ => cmp >= 0 };
    }
}

/// <summary>Recursive-descent parser for filter expressions.</summary>
internal sealed class FilterParser
{
    private readonly string _text;
    private int _pos;

    private FilterParser(string text) => _text = text;

    public static FilterExpression Parse(string text)
    {
        var parser = new FilterParser(text.Trim());
        var expr = parser.ParseOr();
        parser.Skip();
        return parser._pos == parser._text.Length ? expr : throw new FormatException($"unexpected text in filter '{text}'");
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||")) { left = new LogicalFilter(false, left, ParseAnd()); }
        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseComparison();
        while (Accept("&&")) { left = new LogicalFilter(true, left, ParseComparison()); }
        return left;
    }

    private FilterExpression ParseComparison()
    {
        var left = ParseUnary();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Accept(op)) { return new CompareFilter(op, left, ParseUnary()); }
        }

        return left;
    }

    private FilterExpression ParseUnary()
    {
        Skip();
        if (Accept("!")) { return new NotFilter(ParseUnary()); }
        if (Accept("("))
        {
            var inner = ParseOr();
            return Accept(")") ? inner : throw new FormatException("expected ')' in filter");
        }

        if (_pos >= _text.Length) { throw new FormatException("unexpected end of filter"); }
        var c = _text[_pos];
        if (c is '@' or '$')
        {
            var start = _pos++;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_' or '[' or ']' or '\'' or '-' or '*'))
            {
                _pos++;
            }

            var path = JsonPath.Parse("$" + _text[(start + 1).._pos]);
            return new PathFilter(c == '@', path.Segments);
        }

        if (c is '\'' or '"')
        {
            var end = _text.IndexOf(c, _pos + 1);
            if (end < 0) { throw new FormatException("unterminated string in filter"); }
            var s = _text[(_pos + 1)..end];
            _pos = end + 1;
            return new LiteralFilter(JsonValue.Create(s));
        }

        var litStart = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '-' or '+')) { _pos++; }
        var word = _text[litStart.._pos];
        return word switch
        {
            "true" => new LiteralFilter(JsonValue.Create(true)),
            "false" => new LiteralFilter(JsonValue.Create(false)),
            "null" => new LiteralFilter(null),
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new LiteralFilter(JsonValue.Create(d)),
            _ => throw new FormatException($"unexpected '{word}' in filter"),
        };
    }

    private bool Accept(string token)
    {
        Skip();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0) { return false; }
        _pos += token.Length;
        return true;
    }

    private void Skip()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) { _pos++; }
    }
}
