using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Conveyor.States.Paths;

namespace Conveyor.States.Intrinsics;

/// <summary>Parses intrinsic function calls; rejects unknown functions and malformed arguments at load time.</summary>
internal sealed class IntrinsicParser
{
    private readonly string _text;
    private int _pos;

    private IntrinsicParser(string text) => _text = text;

    public static bool IsIntrinsic(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static bool TryParse(string text, out IntrinsicCall? call, out string? error)
    {
        call = null;
        error = null;
        try
        {
            var parser = new IntrinsicParser(text.Trim());
            call = parser.ParseCall();
            parser.SkipSpaces();
            if (parser._pos != parser._text.Length)
            {
                throw new FormatException($"unexpected text after position {parser._pos}");
            }

            return true;
        }
        catch (FormatException ex)
        {
            error = $"Invalid intrinsic function '{text}': {ex.Message}";
            return false;
        }
    }

    private IntrinsicCall ParseCall()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.')) { _pos++; }
        var name = _text[start.._pos];
        if (!IntrinsicFunctions.IsKnown(name)) { throw new FormatException($"unknown function '{name}'"); }
        SkipSpaces();
        Expect('(');
        var args = new List<IntrinsicExpression>();
        SkipSpaces();
        if (Peek() == ')') { _pos++; return new IntrinsicCall(name, args); }
        while (true)
        {
            SkipSpaces();
            args.Add(ParseArgument());
            SkipSpaces();
            if (Peek() == ',') { _pos++; continue; }
            Expect(')');
            return new IntrinsicCall(name, args);
        }
    }

    private IntrinsicExpression ParseArgument()
    {
        var c = Peek();
        if (c == '\'') { return new IntrinsicLiteral(JsonValue.Create(ReadString())); }
        if (c == '$') { return new IntrinsicPath(ReadPath()); }
        if (c == 'S' && string.CompareOrdinal(_text, _pos, "States.", 0, 7) == 0) { return ParseCall(); }
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not ',' and not ')' and not ' ') { _pos++; }
        var word = _text[start.._pos];
        return word switch
        {
            "true" => new IntrinsicLiteral(JsonValue.Create(true)),
            "false" => new IntrinsicLiteral(JsonValue.Create(false)),
            "null" => new IntrinsicLiteral(null),
            _ when long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new IntrinsicLiteral(JsonValue.Create(l)),
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new IntrinsicLiteral(JsonValue.Create(d)),
            _ => throw new FormatException($"invalid argument '{word}' at position {start}"),
        };
    }

    private string ReadString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '\'')
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                // Keep \{ and \} escaped so States.Format can tell literal braces from placeholders.
                var next = _text[_pos + 1];
                if (next is '{' or '}') { sb.Append('\\'); }
                sb.Append(next);
                _pos += 2;
                continue;
            }

            sb.Append(_text[_pos++]);
        }

        if (_pos >= _text.Length) { throw new FormatException("unterminated string literal"); }
        _pos++;
        return sb.ToString();
    }

    private JsonPath ReadPath()
    {
        var start = _pos;
        var depth = 0;
        char? quote = null;
        while (_pos < _text.Length)
        {
            var ch = _text[_pos];
            if (quote is not null) { if (ch == quote) { quote = null; } }
            else if (ch is '\'' or '"' && depth > 0) { quote = ch; }
            else if (ch is '[' or '(') { depth++; }
            else if (ch is ']') { depth--; }
            else if (ch == ')' && depth > 0) { depth--; }
            else if ((ch is ',' or ')' or ' ') && depth == 0) { break; }
            _pos++;
        }

        var text = _text[start.._pos];
        return JsonPath.TryParse(text, out var path, out var error) ? path! : throw new FormatException(error);
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c) { throw new FormatException($"expected '{c}' at position {_pos}"); }
        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ') { _pos++; }
    }
}
