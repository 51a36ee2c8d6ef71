using System.Text;

namespace Conveyor.Core.Files;

/// <summary>
/// Decodes object keys as S3 puts them in event records (application/x-www-form-urlencoded): <c>+</c> is a space,
/// then <c>%XX</c> escapes are bytes, and the bytes must be strict UTF-8. <c>a+b%2Fc%C3%A9.txt</c> → <c>a b/cé.txt</c>.
/// </summary>
public static class S3KeyDecoder
{
    // Strict: a truncated or invalid sequence throws instead of silently becoming U+FFFD, which would name another object.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="InvalidObjectKeyException">A lone or truncated <c>%</c>, a non-hex escape, or bytes that are not UTF-8.</exception>
    public static string Decode(string rawKey)
    {
        ArgumentNullException.ThrowIfNull(rawKey);
        if (rawKey.AsSpan().IndexOfAny('%', '+') < 0)
        {
            return rawKey;
        }

        var bytes = new List<byte>(rawKey.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < rawKey.Length; i++)
        {
            var c = rawKey[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= rawKey.Length || !IsHex(rawKey[i + 1]) || !IsHex(rawKey[i + 2]))
                {
                    var escape = rawKey.Substring(i, Math.Min(3, rawKey.Length - i));
                    throw new InvalidObjectKeyException(rawKey, $"'{escape}' at position {i} is not a percent escape (% followed by two hex digits)");
                }

                bytes.Add((byte)((HexValue(rawKey[i + 1]) << 4) | HexValue(rawKey[i + 2])));
                i += 2;
            }
            else
            {
                // S3 escapes non-ASCII itself; a literal character (from a lenient producer) stands for its UTF-8 bytes.
                var length = char.IsHighSurrogate(c) && i + 1 < rawKey.Length ? 2 : 1;
                try
                {
                    var written = StrictUtf8.GetBytes(rawKey.AsSpan(i, length), utf8);
                    bytes.AddRange(utf8[..written]);
                }
                catch (EncoderFallbackException ex)
                {
                    throw new InvalidObjectKeyException(rawKey, $"an unpaired surrogate at position {i}", ex);
                }

                i += length - 1;
            }
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidObjectKeyException(rawKey, "the percent escapes do not form valid UTF-8 (a truncated or invalid multi-byte sequence)", ex);
        }
    }

    /// <summary>Like <see cref="Decode"/>, but false instead of an exception.</summary>
    public static bool TryDecode(string rawKey, out string key)
    {
        try
        {
            key = Decode(rawKey);
            return true;
        }
        catch (InvalidObjectKeyException)
        {
            key = string.Empty;
            return false;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
