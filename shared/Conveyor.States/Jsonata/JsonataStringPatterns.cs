using System.Globalization;
using System.Text;
using static Conveyor.States.Jsonata.JsonataBuiltins;
using static Conveyor.States.Jsonata.JsonataValues;

namespace Conveyor.States.Jsonata;

/// <summary><c>$split</c>, <c>$replace</c> and <c>$match</c> with a string or a regex pattern, as jsonata-js 2.0 defines them.</summary>
internal static class JsonataStringPatterns
{
    public static object? Split(string s, object? separator, object? limitArgument)
    {
        var limit = Limit(limitArgument, "$split", "D3020");
        var parts = new List<object?>();
        if (limit == 0) { return parts; }
        switch (separator)
        {
            case string text:
                foreach (var part in text.Length == 0 ? s.Select(c => c.ToString()) : s.Split(text))
                {
                    if (parts.Count >= limit) { break; }
                    parts.Add(part);
                }

                return parts;
            case JsonataRegex regex:
                var start = 0;
                foreach (var match in regex.Matches(s))
                {
                    if (parts.Count >= limit) { return parts; }
                    parts.Add(s[start..match.Index]);
                    start = match.End;
                }

                if (parts.Count < limit) { parts.Add(s[start..]); }
                return parts;
            default:
                throw Bad("$split", "a string or regex separator");
        }
    }

    public static object? Replace(string s, object? pattern, object? replacement, object? limitArgument)
    {
        if (pattern is string { Length: 0 }) { throw new JsonataException("D3010", "Second argument of replace function cannot be an empty string"); }
        var limit = Limit(limitArgument, "$replace", "D3011");
        if (replacement is not (string or JsonataFunction)) { throw Bad("$replace", "a string or function replacement"); }
        var result = new StringBuilder();
        var position = 0;
        var count = 0;
        switch (pattern)
        {
            case string text:
                var replacementText = replacement as string ?? throw Bad("$replace", "a string replacement for a string pattern");
                for (var index = s.IndexOf(text, StringComparison.Ordinal); index >= 0 && count < limit; index = s.IndexOf(text, position, StringComparison.Ordinal))
                {
                    result.Append(s, position, index - position).Append(replacementText);
                    position = index + text.Length;
                    count++;
                }

                break;
            case JsonataRegex regex:
                foreach (var match in regex.Matches(s))
                {
                    if (count >= limit) { break; }
                    result.Append(s, position, match.Index - position).Append(Substitute(match, replacement));
                    position = match.End;
                    count++;
                }

                break;
            default:
                throw Bad("$replace", "a string or regex pattern");
        }

        return result.Append(s, position, s.Length - position).ToString();
    }

    public static object? Match(string s, object? pattern, object? limitArgument)
    {
        if (pattern is not JsonataRegex regex) { throw Bad("$match", "a regex pattern"); }
        var limit = Limit(limitArgument, "$match", "D3040");
        var matches = new JsonataSequence();
        foreach (var match in regex.Matches(s))
        {
            if (matches.Count >= limit) { break; }
            matches.Add(match.ToObject());
        }

        return matches.Collapse();
    }

    private static int Limit(object? limit, string function, string negativeCode)
    {
        if (IsUndefined(limit)) { return int.MaxValue; }
        if (limit is not double d) { throw Bad(function, "a number limit"); }
        if (d < 0) { throw new JsonataException(negativeCode, $"Fourth argument of {function} function must evaluate to a positive number"); }
        return d >= int.MaxValue ? int.MaxValue : (int)d;
    }

    /// <summary>
    /// The replacement for one regex match: a function gets <c>{match, index, groups}</c> and must return a string; in a
    /// string, <c>$$</c> is a dollar, <c>$0</c> the match and <c>$n</c> group n (taking as many digits as name a group).
    /// </summary>
    private static string Substitute(JsonataRegexMatch match, object? replacement)
    {
        if (replacement is JsonataFunction function)
        {
            return JsonataEvaluator.Apply(function, [match.ToObject()], null) as string
                ?? throw new JsonataException("D3012", "Attempted to replace a matched string with a non-string value");
        }

        var text = (string)replacement!;
        var result = new StringBuilder();
        var position = 0;
        for (var index = text.IndexOf('$', StringComparison.Ordinal); index >= 0 && position < text.Length; index = text.IndexOf('$', position))
        {
            result.Append(text, position, index - position);
            position = index + 1;
            if (position < text.Length && text[position] == '$') { result.Append('$'); position++; continue; }
            if (position < text.Length && text[position] == '0') { result.Append(match.Match); position++; continue; }
            var maxDigits = match.Groups.Count == 0 ? 1 : (int)Math.Floor(Math.Log10(match.Groups.Count)) + 1;
            var digits = Digits(text, position, maxDigits);
            if (maxDigits > 1 && digits.Length > 1 && int.Parse(digits, CultureInfo.InvariantCulture) > match.Groups.Count) { digits = digits[..^1]; }
            if (digits.Length == 0) { result.Append('$'); continue; }
            var group = int.Parse(digits, CultureInfo.InvariantCulture);
            if (group >= 1 && group <= match.Groups.Count) { result.Append(match.Groups[group - 1]); }
            position += digits.Length;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    private static string Digits(string text, int position, int maxDigits)
    {
        var end = position;
        while (end < text.Length && end - position < maxDigits && char.IsAsciiDigit(text[end])) { end++; }
        return text[position..end];
    }
}
