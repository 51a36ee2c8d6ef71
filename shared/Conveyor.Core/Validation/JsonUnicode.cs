using System.Text;
using System.Text.Json;

namespace Conveyor.Core.Validation;

/// <summary>
/// Finds JSON text that is not Unicode: a string or property name escaping a lone UTF-16 surrogate (<c>"\ud800"</c>).
/// Such JSON parses, but the text has no UTF-8 form, so it could be neither stored nor returned faithfully, and reading
/// it throws <see cref="InvalidOperationException"/> deep inside whatever touches it first.
/// </summary>
public static class JsonUnicode
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>"string" or "property name" for the first value holding a lone surrogate; null when all text is Unicode.</summary>
    public static string? FindLoneSurrogate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => element.GetString()) ? null : "string";
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindLoneSurrogate(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsText(() => property.Name))
                    {
                        return "property name";
                    }

                    if (FindLoneSurrogate(property.Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(read() ?? string.Empty);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or EncoderFallbackException)
        {
            return false;
        }
    }
}
