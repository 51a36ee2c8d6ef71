using System.Globalization;
using System.Text;

namespace Conveyor.Core.Validation;

/// <summary>
/// Characters that must not reach a terminal or a page unescaped: control characters (C0, DEL, C1 — escape sequences),
/// format characters (BOM, zero-width, bidi embeddings/overrides/isolates — text that reads differently than it is),
/// line/paragraph separators and lone surrogates.
/// </summary>
public static class DisplayText
{
    /// <summary>The longest task name accepted.</summary>
    public const int MaxNameLength = 256;

    public static bool IsUnsafe(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;

    /// <summary>Describes the first unsafe character of <paramref name="text"/> (e.g. <c>U+202E (Format)</c>), or null when there is none.</summary>
    public static string? FindUnsafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return $"a lone surrogate U+{(int)text[i]:X4}";
            }

            if (IsUnsafe(rune))
            {
                return $"U+{rune.Value:X4} ({Rune.GetUnicodeCategory(rune)})";
            }

            i += used;
        }

        return null;
    }

    /// <summary>
    /// <paramref name="text"/> with every unsafe character written as a visible <c>\u{XXXX}</c> escape, for terminals and
    /// logs; tabs and newlines are kept only when <paramref name="keepLines"/>.
    /// </summary>
    public static string Escape(string? text, bool keepLines = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            var value = status == System.Buffers.OperationStatus.Done ? rune.Value : text[i];
            var keep = (status == System.Buffers.OperationStatus.Done && !IsUnsafe(rune)) || (keepLines && value is '\n' or '\t');
            if (!keep)
            {
                escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{value:X4}}}");
            }
            else
            {
                escaped?.Append(text, i, used);
            }

            i += used;
        }

        return escaped?.ToString() ?? text;
    }

    /// <summary>A valid task name made from any text (e.g. an object key): unsafe characters escaped, cut to <see cref="MaxNameLength"/>.</summary>
    public static string ToName(string text)
    {
        var escaped = Escape(text);
        return escaped.Length <= MaxNameLength ? escaped : string.Concat(escaped.AsSpan(0, MaxNameLength - 1), "…");
    }

    /// <summary>Checks a display name (task name): at most <see cref="MaxNameLength"/> characters, nothing unsafe.</summary>
    /// <exception cref="ValidationException">Too long or an unsafe character.</exception>
    public static void ValidateName(string? name, string what)
    {
        if (name is null)
        {
            return;
        }

        if (name.Length > MaxNameLength)
        {
            throw new ValidationException($"The {what} is {name.Length} characters long; at most {MaxNameLength} are allowed.", what);
        }

        if (FindUnsafe(name) is { } bad)
        {
            throw new ValidationException($"The {what} must not contain control, invisible or bidi characters; it contains {bad}.", what);
        }
    }
}
