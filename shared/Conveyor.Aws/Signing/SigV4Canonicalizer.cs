using System.Text;

namespace Conveyor.Aws.Signing;

/// <summary>The canonical forms of SigV4: URI encoding, path, query string and headers.</summary>
public static class SigV4Canonicalizer
{
    /// <summary>RFC 3986 encoding of UTF-8 bytes: unreserved characters stay, everything else is %XX (upper case).</summary>
    public static string UriEncode(string value, bool encodeSlash)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (IsUnreserved(c) || (c == '/' && !encodeSlash))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The canonical URI. Services other than S3 encode the wire path once more (so <c>%20</c> becomes
    /// <c>%2520</c>) and, when normalising, drop <c>.</c>/<c>..</c> segments and empty segments.
    /// </summary>
    public static string CanonicalPath(string wirePath, bool normalize)
    {
        ArgumentNullException.ThrowIfNull(wirePath);
        var path = string.IsNullOrEmpty(wirePath) ? "/" : wirePath;
        if (normalize)
        {
            path = NormalizePath(path);
        }

        return UriEncode(path, encodeSlash: false);
    }

    /// <summary>Names and values encoded, sorted by encoded name then value, joined with <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var encoded = query
            .Select(p => (Key: UriEncode(p.Key, encodeSlash: true), Value: UriEncode(p.Value ?? string.Empty, encodeSlash: true)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>
    /// Lower-cased names, sorted; values trimmed with inner runs of whitespace collapsed to one space; the values
    /// of a repeated name joined with commas in their original order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var grouped = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = ToLowerAscii(name.Trim());
            if (!grouped.TryGetValue(key, out var values))
            {
                values = [];
                grouped.Add(key, values);
            }

            values.Add(CollapseWhitespace(value ?? string.Empty));
        }

        return grouped.Select(g => new KeyValuePair<string, string>(g.Key, string.Join(',', g.Value))).ToList();
    }

    private static string NormalizePath(string path)
    {
        var segments = new List<string>();
        var parts = path.Split('/');
        foreach (var part in parts)
        {
            switch (part)
            {
                case "":
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(part);
                    break;
            }
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        var last = parts[^1];
        var trailingSlash = last is "" or "." or "..";
        return "/" + string.Join('/', segments) + (trailingSlash ? "/" : string.Empty);
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Header names are ASCII; avoid culture-sensitive lower-casing (and CA1308's upper-case advice does not apply:
    // SigV4 mandates lower case).
    private static string ToLowerAscii(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';

    private const string HexUpper = "0123456789ABCDEF";
}
