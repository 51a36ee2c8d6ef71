using System.Globalization;
using Conveyor.Core.Schedules;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Scheduler;

/// <summary>
/// Reads back the EventBridge Scheduler expressions <see cref="ScheduleRate.ToExpression"/> produces:
/// <c>at(yyyy-MM-ddTHH:mm:00)</c>, <c>rate(n minute[s]|hour[s]|day[s])</c>, <c>cron(m h * * ? *)</c>,
/// <c>cron(m h ? * MON-FRI *)</c>, <c>cron(m h ? * MON-SAT *)</c>. Anything else (a schedule made outside
/// Conveyor) is refused: there is no rate that would round-trip it.
/// </summary>
public static class ScheduleExpressionParser
{
    /// <exception cref="FormatException">Not one of the expressions Conveyor produces.</exception>
    public static ScheduleRate Parse(string expression) =>
        TryParse(expression, out var rate)
            ? rate
            : throw new FormatException($"'{expression}' is not a schedule expression Conveyor produces (at(...), rate(n unit), or its daily/weekday cron forms).");

    public static bool TryParse(string? expression, out ScheduleRate rate)
    {
        rate = null!;
        if (expression is null)
        {
            return false;
        }

        var text = expression.Trim();
        try
        {
            var parsed = Inner(text, "at(") is { } at ? ParseAt(at)
                : Inner(text, "rate(") is { } r ? ParseRate(r)
                : Inner(text, "cron(") is { } cron ? ParseCron(cron)
                : null;
            if (parsed is null)
            {
                return false;
            }

            rate = parsed;
            return true;
        }
        catch (ValidationException)
        {
            // Out-of-range numbers (minute 75, rate(0 minutes)) are not expressions Conveyor produces.
            return false;
        }
    }

    private static string? Inner(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(')') ? text[prefix.Length..^1] : null;

    private static ScheduleRate? ParseAt(string value)
    {
        if (!DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || at.Second != 0)
        {
            return null;
        }

        return ScheduleRate.Single(at.Year, at.Month, at.Day, at.Hour, at.Minute);
    }

    private static ScheduleRate? ParseRate(string value)
    {
        var parts = value.Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var unit = parts[1];
        var expected = n == 1 ? string.Empty : "s";
        return unit switch
        {
            _ when unit == "minute" + expected => ScheduleRate.Minutes(n),
            _ when unit == "hour" + expected => ScheduleRate.Hours(n),
            _ when unit == "day" + expected => ScheduleRate.Days(n),
            _ => null,
        };
    }

    private static ScheduleRate? ParseCron(string value)
    {
        var fields = value.Split(' ');
        if (fields.Length != 6
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || fields[5] != "*")
        {
            return null;
        }

        return (fields[2], fields[3], fields[4]) switch
        {
            ("*", "*", "?") => ScheduleRate.Daily(hour, minute),
            ("?", "*", "MON-FRI") => ScheduleRate.Weekdays(hour, minute),
            ("?", "*", "MON-SAT") => ScheduleRate.WeekdaysAndSaturday(hour, minute),
            _ => null,
        };
    }
}
