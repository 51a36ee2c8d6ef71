using System.Globalization;

namespace Conveyor.States.Paths;

/// <summary>A compiled JSONPath (Jayway-style subset used by Step Functions): names, indexes, wildcards, slices, unions, deep scan and filters.</summary>
public sealed class JsonPath
{
    private JsonPath(string text, PathRootKind rootKind, string? variableName, IReadOnlyList<PathSegment> segments)
    {
        Text = text;
        RootKind = rootKind;
        VariableName = variableName;
        Segments = segments;
        IsDefinite = segments.All(s => s.IsDefinite);
    }

    public string Text { get; }

    public PathRootKind RootKind { get; }

    public string? VariableName { get; }

    /// <summary>True for reference paths: only names and indexes, a single node.</summary>
    public bool IsDefinite { get; }

    internal IReadOnlyList<PathSegment> Segments { get; }

    public override string ToString() => Text;

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path! : throw new FormatException(error);

    public static bool TryParse(string text, out JsonPath? path, out string? error)
    {
        path = null;
        error = null;
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var reader = new PathReader(text);
            var (kind, variable) = reader.ReadRoot();
            var segments = new List<PathSegment>();
            while (!reader.AtEnd)
            {
                segments.Add(reader.ReadSegment());
            }

            path = new JsonPath(text, kind, variable, segments);
            return true;
        }
        catch (FormatException ex)
        {
            error = $"Invalid JSONPath '{text}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Cursor over the path text.</summary>
    internal sealed class PathReader(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public (PathRootKind Kind, string? Variable) ReadRoot()
        {
            if (AtEnd || text[0] != '$')
            {
                throw new FormatException("a path must start with '$'");
            }

            if (text.Length > 1 && text[1] == '$')
            {
                _pos = 2;
                return (PathRootKind.Context, null);
            }

            _pos = 1;
            var start = _pos;
            while (!AtEnd && IsIdentifierChar(text[_pos]))
            {
                _pos++;
            }

            return start == _pos ? (PathRootKind.Input, null) : (PathRootKind.Variable, text[start.._pos]);
        }

        public PathSegment ReadSegment()
        {
            var c = text[_pos];
            if (c == '.')
            {
                _pos++;
                if (!AtEnd && text[_pos] == '.')
                {
                    _pos++;
                    if (!AtEnd && text[_pos] == '*') { _pos++; return new DeepScanSegment(null); }
                    if (!AtEnd && text[_pos] == '[')
                    {
                        var inner = ReadBracket();
                        return inner is NameSegment n ? new DeepScanSegment(n.Name) : throw new FormatException("unsupported deep scan");
                    }

                    return new DeepScanSegment(ReadName());
                }

                if (!AtEnd && text[_pos] == '*') { _pos++; return new WildcardSegment(); }
                return new NameSegment(ReadName());
            }

            if (c == '[')
            {
                return ReadBracket();
            }

            throw new FormatException($"unexpected '{c}' at position {_pos}");
        }

        private string ReadName()
        {
            var start = _pos;
            while (!AtEnd && text[_pos] is not '.' and not '[')
            {
                if (text[_pos] is ']' or ' ' or '(' or ')' or '\'' or '"')
                {
                    throw new FormatException($"unexpected '{text[_pos]}' at position {_pos}");
                }

                _pos++;
            }

            return start == _pos ? throw new FormatException($"empty name at position {start}") : text[start.._pos];
        }

        private PathSegment ReadBracket()
        {
            _pos++; // '['
            SkipSpaces();
            if (AtEnd) { throw new FormatException("unterminated '['"); }
            PathSegment segment;
            if (text[_pos] == '*')
            {
                _pos++;
                segment = new WildcardSegment();
            }
            else if (text[_pos] == '?')
            {
                _pos++;
                var close = FindFilterEnd();
                var expr = FilterParser.Parse(text[_pos..close]);
                _pos = close;
                segment = new FilterSegment(expr);
            }
            else
            {
                var keys = new List<object>();
                int? sliceStart = null;
                var isSlice = false;
                do
                {
                    SkipSpaces();
                    if (!AtEnd && text[_pos] is '\'' or '"')
                    {
                        keys.Add(ReadQuoted());
                    }
                    else if (!AtEnd && text[_pos] == ':')
                    {
                        isSlice = true;
                    }
                    else
                    {
                        var number = ReadInt();
                        SkipSpaces();
                        if (!AtEnd && text[_pos] == ':') { isSlice = true; sliceStart = number; }
                        else { keys.Add(number); }
                    }

                    SkipSpaces();
                    if (isSlice) { break; }
                }
                while (!AtEnd && text[_pos] == ',' && ++_pos > 0);

                segment = isSlice ? ReadSliceRest(sliceStart) : keys.Count switch
                {
                    0 => throw new FormatException("empty brackets"),
                    1 when keys[0] is string s => new NameSegment(s),
                    1 => new IndexSegment((int)keys[0]),
                    _ => new UnionSegment(keys),
                };
            }

            SkipSpaces();
            if (AtEnd || text[_pos] != ']') { throw new FormatException($"expected ']' at position {_pos}"); }
            _pos++;
            return segment;
        }

        private SliceSegment ReadSliceRest(int? start)
        {
            _pos++; // ':'
            SkipSpaces();
            int? end = !AtEnd && (text[_pos] == '-' || char.IsAsciiDigit(text[_pos])) ? ReadInt() : null;
            var step = 1;
            SkipSpaces();
            if (!AtEnd && text[_pos] == ':')
            {
                _pos++;
                step = ReadInt();
                if (step == 0) { throw new FormatException("slice step cannot be 0"); }
            }

            return new SliceSegment(start, end, step);
        }

        private int FindFilterEnd()
        {
            var depth = 0;
            char? quote = null;
            for (var i = _pos; i < text.Length; i++)
            {
                var ch = text[i];
                if (quote is not null) { if (ch == quote) { quote = null; } continue; }
                if (ch is '\'' or '"') { quote = ch; }
                else if (ch == '(') { depth++; }
                else if (ch == ')') { depth--; }
                else if (ch == ']' && depth == 0) { return i; }
            }

            throw new FormatException("unterminated filter");
        }

        private string ReadQuoted()
        {
            var quote = text[_pos++];
            var sb = new System.Text.StringBuilder();
            while (!AtEnd && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length) { _pos++; }
                sb.Append(text[_pos++]);
            }

            if (AtEnd) { throw new FormatException("unterminated string"); }
            _pos++;
            return sb.ToString();
        }

        private int ReadInt()
        {
            var start = _pos;
            if (!AtEnd && text[_pos] == '-') { _pos++; }
            while (!AtEnd && char.IsAsciiDigit(text[_pos])) { _pos++; }
            return int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"expected a number or quoted name at position {start}");
        }

        private void SkipSpaces()
        {
            while (!AtEnd && text[_pos] == ' ') { _pos++; }
        }

        private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
    }
}
