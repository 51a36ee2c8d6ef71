using System.Globalization;
using System.Text;

namespace Conveyor.States.Jsonata;

/// <summary>Splits a JSONata expression into tokens.</summary>
internal static class JsonataLexer
{
    private static readonly string[] TwoCharOperators = ["..", ":=", "!=", "<=", ">=", "~>", "??", "?:", "**"];

    public static List<JsonataToken> Tokenize(string text)
    {
        var tokens = new List<JsonataToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) { throw new JsonataException("S0106", "Comment has no closing tag", i); }
                i = end + 2;
                continue;
            }

            var start = i;
            if (c == '/' && RegexMayStart(tokens))
            {
                tokens.Add(new JsonataToken(JsonataTokenKind.Regex, string.Empty, ReadRegex(text, ref i), start));
                continue;
            }

            if (c is '"' or '\'')
            {
                tokens.Add(new JsonataToken(JsonataTokenKind.String, string.Empty, ReadString(text, ref i), start));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; }
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; }
                }

                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    i++;
                    if (i < text.Length && text[i] is '+' or '-') { i++; }
                    while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; }
                }

                var number = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
                tokens.Add(new JsonataToken(JsonataTokenKind.Number, text[start..i], number, start));
                continue;
            }

            if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0) { throw new JsonataException("S0105", "Quoted property name has no closing backtick", i); }
                tokens.Add(new JsonataToken(JsonataTokenKind.Name, text[(i + 1)..end], null, start));
                i = end + 1;
                continue;
            }

            if (c == '$')
            {
                i++;
                if (i < text.Length && text[i] == '$') { i++; tokens.Add(new JsonataToken(JsonataTokenKind.Variable, "$", null, start)); continue; }
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) { i++; }
                tokens.Add(new JsonataToken(JsonataTokenKind.Variable, text[(start + 1)..i], null, start));
                continue;
            }

            if (char.IsLetter(c) || c == '_' || c == 'λ')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) { i++; }
                tokens.Add(new JsonataToken(JsonataTokenKind.Name, text[start..i], null, start));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : null;
            if (two is not null && Array.IndexOf(TwoCharOperators, two) >= 0)
            {
                tokens.Add(new JsonataToken(JsonataTokenKind.Operator, two, null, start));
                i += 2;
                continue;
            }

            if ("[]{}().,:;?+-*/%&=<>!|^@#~".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new JsonataToken(JsonataTokenKind.Operator, c.ToString(), null, start));
                i++;
                continue;
            }

            throw new JsonataException("S0204", $"Unknown character '{c}'", i);
        }

        tokens.Add(new JsonataToken(JsonataTokenKind.End, string.Empty, null, text.Length));
        return tokens;
    }

    /// <summary>As in jsonata-js, "/" starts a regex where an operand is expected, and divides after an operand.</summary>
    private static bool RegexMayStart(List<JsonataToken> tokens)
    {
        if (tokens.Count == 0) { return true; }
        var last = tokens[^1];
        return last.Kind switch
        {
            JsonataTokenKind.Operator => last.Text is not (")" or "]" or "}"),
            JsonataTokenKind.Name => last.Text is "and" or "or" or "in",
            _ => false,
        };
    }

    /// <summary>
    /// Reads <c>/pattern/flags</c> the way jsonata-js scans it: the closing slash is one not escaped by an odd number of
    /// backslashes and not inside (), [] or {}; flags are <c>i</c> and <c>m</c>.
    /// </summary>
    private static JsonataRegex ReadRegex(string text, ref int i)
    {
        var start = i++;
        var patternStart = i;
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '/' && depth == 0 && !Escaped(text, i))
            {
                var pattern = text[patternStart..i];
                if (pattern.Length == 0) { throw new JsonataException("S0301", "Empty regular expressions are not allowed", start); }
                i++;
                var flagsStart = i;
                while (i < text.Length && text[i] is 'i' or 'm') { i++; }
                return new JsonataRegex(pattern, text[flagsStart..i], start);
            }

            if (c is '(' or '[' or '{' && !Escaped(text, i)) { depth++; }
            if (c is ')' or ']' or '}' && !Escaped(text, i)) { depth--; }
            i++;
        }

        throw new JsonataException("S0302", "No terminating / in regular expression", start);
    }

    private static bool Escaped(string text, int index)
    {
        var backslashes = 0;
        while (index - backslashes - 1 >= 0 && text[index - backslashes - 1] == '\\') { backslashes++; }
        return backslashes % 2 == 1;
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i++];
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            var c = text[i++];
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= text.Length) { break; }
            var e = text[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 <= text.Length:
                    sb.Append((char)int.Parse(text.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }

        if (i >= text.Length) { throw new JsonataException("S0101", "String literal must be terminated by a matching quote", i); }
        i++;
        return sb.ToString();
    }
}
