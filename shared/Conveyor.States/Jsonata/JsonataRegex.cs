using System.Text.RegularExpressions;

namespace Conveyor.States.Jsonata;

/// <summary>
/// A JSONata regular expression literal <c>/pattern/flags</c> (flags <c>i</c> and <c>m</c>), matched as JavaScript does:
/// ECMAScript semantics where .NET supports them, every match from where the previous one ended (jsonata-js's global
/// matcher). As in jsonata-js, a zero-length match after the first one fails with D1004.
/// </summary>
internal sealed class JsonataRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex _regex;

    public JsonataRegex(string pattern, string flags, int position)
    {
        Pattern = pattern;
        Flags = flags;
        var options = (flags.Contains('i', StringComparison.Ordinal) ? RegexOptions.IgnoreCase : RegexOptions.None)
            | (flags.Contains('m', StringComparison.Ordinal) ? RegexOptions.Multiline : RegexOptions.None);
        try
        {
            _regex = new Regex(pattern, options | RegexOptions.ECMAScript, MatchTimeout);
        }
        catch (ArgumentException)
        {
            // Constructs JavaScript has but .NET's ECMAScript mode refuses (lookbehind, named groups): the default engine.
            try
            {
                _regex = new Regex(pattern, options | RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new JsonataException("S0303", $"Invalid regular expression /{pattern}/: {ex.Message}", position);
            }
        }
    }

    public string Pattern { get; }

    public string Flags { get; }

    /// <summary>The matches jsonata-js's matcher yields: the first one, then each from where the previous ended.</summary>
    public IEnumerable<JsonataRegexMatch> Matches(string text)
    {
        var match = _regex.Match(text, 0);
        if (!match.Success) { yield break; }
        while (true)
        {
            yield return JsonataRegexMatch.From(match);
            var next = match.Index + match.Length;
            if (next >= text.Length) { yield break; }
            match = _regex.Match(text, next);
            if (!match.Success) { yield break; }
            if (match.Length == 0) { throw new JsonataException("D1004", $"Regular expression /{Pattern}/ matches zero length string"); }
        }
    }

    public override string ToString() => $"/{Pattern}/{Flags}";
}
