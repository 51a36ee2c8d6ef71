using System.Text;
using System.Text.RegularExpressions;

namespace Conveyor.Testing.Generation;

/// <summary>
/// Generates malformed variants of a valid JSON document (seeded, so a failing case can be replayed): truncations, stray
/// and deleted characters, values of the wrong type, lone surrogates, huge numbers, deep nesting, wrapping, random bytes.
/// </summary>
public static partial class MalformedJson
{
    private static readonly string[] WrongValues =
    [
        "null", "123", "-1", "1e309", "true", "[]", "{}", "\"\"", "\"\\ud800\"", "\"\\u0000\"", "\"#\"", "\"a#b#c\"",
        "\"\\u001b[2J\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "\"" + new string('x', 5000) + "\"", "99999999999999999999",
    ];

    /// <summary>One malformed variant of <paramref name="json"/>.</summary>
    public static byte[] Mutate(string json, Random random)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(random);
        var text = random.Next(11) switch
        {
            0 => json[..random.Next(json.Length)],
            1 => json.Insert(random.Next(json.Length), ((char)random.Next(0x20, 0x7F)).ToString()),
            2 => Delete(json, random),
            3 => ReplaceMatch(StringValue(), json, random),
            4 => ReplaceMatch(NumberOrLiteral(), json, random),
            5 => "[" + json + "]",
            6 => json.Replace("{", "{\"extra\":" + WrongValues[random.Next(WrongValues.Length)] + ",", StringComparison.Ordinal),
            7 => new[] { "", "null", "{}", "[]", "\"text\"", "0", "{\"Records\":null}", "{\"Records\":[null]}", "{\"Records\":[{}]}", "{\"body\":{}}" }[random.Next(10)],
            8 => new string('[', 5000) + new string(']', 5000),
            9 => json + json,
            _ => null,
        };
        if (text is null)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            return bytes;
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static string Delete(string json, Random random)
    {
        var start = random.Next(json.Length);
        return json.Remove(start, random.Next(1, Math.Min(20, json.Length - start) + 1));
    }

    private static string ReplaceMatch(Regex pattern, string json, Random random)
    {
        var matches = pattern.Matches(json);
        if (matches.Count == 0)
        {
            return json + "}";
        }

        var match = matches[random.Next(matches.Count)];
        return string.Concat(json.AsSpan(0, match.Index), WrongValues[random.Next(WrongValues.Length)], json.AsSpan(match.Index + match.Length));
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringValue();

    [GeneratedRegex("-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null")]
    private static partial Regex NumberOrLiteral();
}
