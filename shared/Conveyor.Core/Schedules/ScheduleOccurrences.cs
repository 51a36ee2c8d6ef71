namespace Conveyor.Core.Schedules;

/// <summary>
/// Next-fire computation for the embedded scheduler, with the semantics of EventBridge Scheduler for each rate kind.
/// Computed directly (no cron library) because Core stays dependency-free and these kinds are simple.
/// </summary>
/// <remarks>
/// Wall-clock rules in a zone with daylight saving: a time that does not exist (spring forward) fires later by the
/// length of the gap (02:30 in a one-hour gap fires at 03:30); a time that occurs twice (fall back) fires once, at the
/// first occurrence. Rates (<c>rate(…)</c>) are fixed durations and ignore the zone.
/// </remarks>
public static class ScheduleOccurrences
{
    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> at which <paramref name="rate"/> fires, or null when it
    /// never fires again (a Single in the past, or beyond the representable range).
    /// </summary>
    /// <param name="anchor">When the schedule was created: rate schedules fire at <c>anchor + k·period</c> (k ≥ 0).
    /// The anchor itself counts only when it lies after <paramref name="after"/>; pass the creation time as
    /// <paramref name="after"/> too to get the first fire one period later.</param>
    /// <param name="zone">The zone of wall-clock times (Single, Daily, Weekdays…); UTC when null.</param>
    public static DateTimeOffset? Next(ScheduleRate rate, DateTimeOffset after, DateTimeOffset anchor, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(rate);
        zone ??= TimeZoneInfo.Utc;
        return rate.Kind switch
        {
            ScheduleRateKind.Single => NextSingle(rate.At!.Value, after, zone),
            ScheduleRateKind.Minutes => NextPeriodic(TimeSpan.FromMinutes(rate.Every), after, anchor),
            ScheduleRateKind.Hours => NextPeriodic(TimeSpan.FromHours(rate.Every), after, anchor),
            ScheduleRateKind.Days => NextPeriodic(TimeSpan.FromDays(rate.Every), after, anchor),
            ScheduleRateKind.Daily => NextWallClock(rate, after, zone, static _ => true),
            ScheduleRateKind.Weekdays => NextWallClock(rate, after, zone, static d => Weekdays.Contains(d)),
            ScheduleRateKind.WeekdaysAndSaturday => NextWallClock(rate, after, zone, static d => d != DayOfWeek.Sunday),
            _ => throw new InvalidOperationException($"Unknown rate kind {rate.Kind}."),
        };
    }

    /// <summary>The instant at which wall-clock time <paramref name="local"/> occurs in <paramref name="zone"/> (rules above).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // Inside a spring-forward gap: read the time with the offset in force before the gap, which lands the
            // same distance past the transition (a day earlier is safely before any real-world transition).
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // Occurs twice: the larger offset is the earlier instant.
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    private static DateTimeOffset? NextSingle(DateTime at, DateTimeOffset after, TimeZoneInfo zone)
    {
        var instant = ToInstant(at, zone);
        return instant > after ? instant : null;
    }

    private static DateTimeOffset? NextPeriodic(TimeSpan period, DateTimeOffset after, DateTimeOffset anchor)
    {
        if (anchor > after)
        {
            return anchor;
        }

        // k = floor((after - anchor) / period) + 1 is the first multiple strictly after `after`.
        var k = ((after - anchor).Ticks / period.Ticks) + 1;
        var maxK = (DateTimeOffset.MaxValue - anchor).Ticks / period.Ticks;
        return k > maxK ? null : anchor + TimeSpan.FromTicks(k * period.Ticks);
    }

    private static DateTimeOffset? NextWallClock(ScheduleRate rate, DateTimeOffset after, TimeZoneInfo zone, Func<DayOfWeek, bool> allowed)
    {
        // Start a day early: the local date of `after` may already be past the fire time, or a gap may shift it.
        var date = TimeZoneInfo.ConvertTime(after, zone).Date.AddDays(-1);
        for (var i = 0; i < 10; i++, date = date.AddDays(1))
        {
            if (date.Year >= 9999)
            {
                return null;
            }

            if (!allowed(date.DayOfWeek))
            {
                continue;
            }

            var instant = ToInstant(date.AddHours(rate.Hour).AddMinutes(rate.Minute), zone);
            if (instant > after)
            {
                return instant;
            }
        }

        // Unreachable: any 10 consecutive days include an allowed day after `after`.
        throw new InvalidOperationException($"No occurrence of {rate} found after {after:O}.");
    }
}
