using System.Text.RegularExpressions;

namespace Conveyor.States.Jsonata;

/// <summary>One regex match as JSONata's functions see it: the matched text, its index and the captured groups.</summary>
internal sealed record JsonataRegexMatch(string Match, int Index, IReadOnlyList<string> Groups)
{
    public int End => Index + Match.Length;

    public static JsonataRegexMatch From(Match match) =>
        new(match.Value, match.Index, match.Groups.Cast<Group>().Skip(1).Select(g => g.Success ? g.Value : string.Empty).ToList());

    /// <summary>The object <c>$match</c> returns and a <c>$replace</c> function receives: <c>{match, index, groups}</c>.</summary>
    public Dictionary<string, object?> ToObject() => new(StringComparer.Ordinal)
    {
        ["match"] = Match,
        ["index"] = (double)Index,
        ["groups"] = Groups.Select(g => (object?)g).ToList(),
    };
}
