using System.Security.Cryptography;

namespace Conveyor.Core.Ids;

/// <summary>
/// A ULID: 48-bit millisecond timestamp + 80 random bits, written as 26 Crockford base-32 characters,
/// so ids sort by creation time.
/// </summary>
public readonly record struct Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly string _text;

    private Ulid(string text) => _text = text;

    public static Ulid NewUlid(DateTimeOffset time)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return Create(time, random);
    }

    /// <summary>A ULID whose random part is derived from <paramref name="seed"/>: the same seed and time give the same id.</summary>
    public static Ulid FromSeed(DateTimeOffset time, string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return Create(time, hash.AsSpan(0, 10));
    }

    public static Ulid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 26 || text.Any(c => Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal) < 0) || text[0] > '7')
        {
            throw new FormatException($"'{text}' is not a ULID (26 Crockford base-32 characters).");
        }

        return new Ulid(text.ToUpperInvariant());
    }

    public override string ToString() => _text ?? new string('0', 26);

    private static Ulid Create(DateTimeOffset time, ReadOnlySpan<byte> random)
    {
        var ms = time.ToUnixTimeMilliseconds();
        if (ms < 0 || ms >= 1L << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "A ULID timestamp must fit 48 bits after the Unix epoch.");
        }

        Span<char> chars = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }

        // 80 random bits -> 16 characters of 5 bits each.
        var bitBuffer = 0;
        var bitCount = 0;
        var pos = 10;
        foreach (var b in random[..10])
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                chars[pos++] = Alphabet[(bitBuffer >> (bitCount - 5)) & 31];
                bitCount -= 5;
            }
        }

        return new Ulid(new string(chars));
    }
}
