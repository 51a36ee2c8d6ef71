using System.Text;

namespace Conveyor.Core.Files;

/// <summary>
/// Encodes an object key the way S3 writes it into event records, so the local folder watcher produces the same events:
/// form-URL encoding with a space as <c>+</c>, ASCII letters, digits, <c>-_.*</c> and <c>/</c> kept, every other byte
/// of the UTF-8 form as <c>%XX</c>. <see cref="S3KeyDecoder.Decode"/> reverses it exactly.
/// </summary>
public static class S3KeyEncoder
{
    public static string Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Encoding.UTF8.GetBytes(key);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/'))
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }
}
