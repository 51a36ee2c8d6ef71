using System.Globalization;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>
/// When a schedule fires. Create through the factories, which validate; <see cref="ToExpression"/> gives the
/// EventBridge Scheduler expression. Times are UTC unless the schedule service is given a time zone.
/// </summary>
public sealed record ScheduleRate
{
    private ScheduleRate(ScheduleRateKind kind, int every = 0, int hour = 0, int minute = 0, DateTime? at = null)
    {
        Kind = kind;
        Every = every;
        Hour = hour;
        Minute = minute;
        At = at;
    }

    public ScheduleRateKind Kind { get; }

    /// <summary>n of Minutes(n), Hours(n), Days(n); 0 otherwise.</summary>
    public int Every { get; }

    /// <summary>Hour of Daily/Weekdays/WeekdaysAndSaturday.</summary>
    public int Hour { get; }

    /// <summary>Minute of Daily/Weekdays/WeekdaysAndSaturday.</summary>
    public int Minute { get; }

    /// <summary>The instant of a Single rate (wall-clock time in the schedule's time zone).</summary>
    public DateTime? At { get; }

    /// <summary>True for Single: it fires once and is deleted after firing.</summary>
    public bool IsOneTime => Kind == ScheduleRateKind.Single;

    public static ScheduleRate Single(int year, int month, int day, int hour, int minute)
    {
        ValidateTime(hour, minute);
        if (year is < 1970 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new ValidationException($"{year:D4}-{month:D2}-{day:D2} is not a valid calendar date.", nameof(day));
        }

        return new ScheduleRate(ScheduleRateKind.Single, hour: hour, minute: minute, at: new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));
    }

    public static ScheduleRate Minutes(int n) => Repeating(ScheduleRateKind.Minutes, n);

    public static ScheduleRate Hours(int n) => Repeating(ScheduleRateKind.Hours, n);

    public static ScheduleRate Days(int n) => Repeating(ScheduleRateKind.Days, n);

    public static ScheduleRate Daily(int hour, int minute) => AtTime(ScheduleRateKind.Daily, hour, minute);

    public static ScheduleRate Weekdays(int hour, int minute) => AtTime(ScheduleRateKind.Weekdays, hour, minute);

    public static ScheduleRate WeekdaysAndSaturday(int hour, int minute) => AtTime(ScheduleRateKind.WeekdaysAndSaturday, hour, minute);

    /// <summary>The EventBridge Scheduler expression: <c>at(...)</c>, <c>rate(1 minute)</c>, <c>rate(5 minutes)</c>, <c>cron(...)</c>.</summary>
    public string ToExpression() => Kind switch
    {
        ScheduleRateKind.Single => $"at({At!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)})",
        ScheduleRateKind.Minutes => RateExpression("minute"),
        ScheduleRateKind.Hours => RateExpression("hour"),
        ScheduleRateKind.Days => RateExpression("day"),
        ScheduleRateKind.Daily => Cron("* * ?"),
        ScheduleRateKind.Weekdays => Cron("? * MON-FRI"),
        ScheduleRateKind.WeekdaysAndSaturday => Cron("? * MON-SAT"),
        _ => throw new InvalidOperationException($"Unknown rate kind {Kind}."),
    };

    /// <summary>
    /// The first fire strictly after <paramref name="after"/>, or null when none remains; see
    /// <see cref="ScheduleOccurrences.Next"/> for the rules per kind, the anchor and time zones.
    /// </summary>
    public DateTimeOffset? NextOccurrence(DateTimeOffset after, DateTimeOffset anchor, TimeZoneInfo? zone = null) =>
        ScheduleOccurrences.Next(this, after, anchor, zone);

    public override string ToString() => ToExpression();

    private string RateExpression(string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"rate({Every} {unit}{(Every == 1 ? string.Empty : "s")})");

    private string Cron(string dayFields) =>
        string.Create(CultureInfo.InvariantCulture, $"cron({Minute} {Hour} {dayFields} *)");

    private static ScheduleRate Repeating(ScheduleRateKind kind, int n)
    {
        if (n < 1)
        {
            throw new ValidationException($"A {kind} rate needs n >= 1; got {n}.", nameof(n));
        }

        return new ScheduleRate(kind, every: n);
    }

    private static ScheduleRate AtTime(ScheduleRateKind kind, int hour, int minute)
    {
        ValidateTime(hour, minute);
        return new ScheduleRate(kind, hour: hour, minute: minute);
    }

    private static void ValidateTime(int hour, int minute)
    {
        if (hour is < 0 or > 23)
        {
            throw new ValidationException($"Hour must be 0–23; got {hour}.", nameof(hour));
        }

        if (minute is < 0 or > 59)
        {
            throw new ValidationException($"Minute must be 0–59; got {minute}.", nameof(minute));
        }
    }
}
