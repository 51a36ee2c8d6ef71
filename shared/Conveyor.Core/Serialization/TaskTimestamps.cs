using System.Globalization;

namespace Conveyor.Core.Serialization;

/// <summary>
/// The one timestamp format of task rows and messages: ISO-8601 UTC with millisecond precision
/// (<c>2026-11-23T12:00:00.123Z</c>), the precision of ULIDs and of JavaScript dates, and sortable as text.
/// </summary>
public static class TaskTimestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Truncates to whole milliseconds in UTC, so a stored and re-read timestamp compares equal.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ToText(DateTimeOffset value) => Normalize(value).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <exception cref="FormatException">Not an ISO-8601 timestamp.</exception>
    public static DateTimeOffset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Only ISO-8601 shapes (date 'T' time); a missing offset means UTC.
        if (text.Length < 19 || text[10] != 'T'
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new FormatException($"'{text}' is not an ISO-8601 timestamp such as 2026-11-23T12:00:00.000Z.");
        }

        return value.ToUniversalTime();
    }
}
