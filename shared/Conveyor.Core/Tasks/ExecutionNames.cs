using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Core.Tasks;

/// <summary>
/// Deterministic Step Functions execution names: starting the same task twice reuses the name, so a redelivered
/// start is recognised as a duplicate. Names are 1–80 characters of <c>[0-9A-Za-z_-]</c>.
/// </summary>
public static class ExecutionNames
{
    public const int MaxLength = 80;
    private const int HashLength = 20;

    /// <summary>
    /// The task id escaped one-to-one ('-' → "--", '#' → "-_", any other character outside the alphabet → "-xHHHH"),
    /// so different keys give different names; when that exceeds 80 characters, a readable prefix plus '-' and
    /// 80 bits of SHA-256 of the id.
    /// </summary>
    public static string For(TaskKey key)
    {
        var id = key.Id;
        var escaped = Escape(id);
        if (escaped.Length <= MaxLength)
        {
            return escaped;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, HashLength / 2));
        return string.Concat(escaped.AsSpan(0, MaxLength - HashLength - 1), "-", hash);
    }

    private static string Escape(string id)
    {
        var builder = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else if (c == '-')
            {
                builder.Append("--");
            }
            else if (c == '#')
            {
                builder.Append("-_");
            }
            else
            {
                builder.Append("-x").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
