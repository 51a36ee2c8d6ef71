using System.Globalization;
using Conveyor.Core.Schedules;

namespace Conveyor.Core.Tests.Schedules;

public sealed class NextOccurrenceTests
{
    private static readonly DateTimeOffset Anchor = At("2026-11-23T12:00:00Z");

    public static TheoryData<string, string, string?> UtcCases => new()
    {
        // rate, after, expected (UTC; null = never again)
        { "Single(2026,12,1,9,5)", "2026-11-23T12:00:00Z", "2026-12-01T09:05:00Z" },
        { "Single(2026,12,1,9,5)", "2026-12-01T09:05:00Z", null },
        { "Single(2026,11,1,9,5)", "2026-11-23T12:00:00Z", null },
        { "Minutes(5)", "2026-11-23T11:00:00Z", "2026-11-23T12:00:00Z" },
        { "Minutes(5)", "2026-11-23T12:00:00Z", "2026-11-23T12:05:00Z" },
        { "Minutes(5)", "2026-11-23T12:07:00Z", "2026-11-23T12:10:00Z" },
        { "Minutes(5)", "2026-11-23T12:10:00Z", "2026-11-23T12:15:00Z" },
        { "Minutes(1)", "2026-11-23T12:00:59Z", "2026-11-23T12:01:00Z" },
        { "Hours(1)", "2026-11-23T15:30:00Z", "2026-11-23T16:00:00Z" },
        { "Days(2)", "2026-11-26T09:00:00Z", "2026-11-27T12:00:00Z" },
        { "Days(2)", "2026-11-27T12:00:00Z", "2026-11-29T12:00:00Z" },
        { "Daily(9,30)", "2026-11-23T09:29:00Z", "2026-11-23T09:30:00Z" },
        { "Daily(9,30)", "2026-11-23T09:30:00Z", "2026-11-24T09:30:00Z" },
        { "Daily(0,0)", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00Z" },
        { "Weekdays(8,0)", "2026-11-23T07:00:00Z", "2026-11-23T08:00:00Z" },
        { "Weekdays(8,0)", "2026-11-27T08:00:00Z", "2026-11-30T08:00:00Z" },
        { "Weekdays(8,0)", "2026-11-28T10:00:00Z", "2026-11-30T08:00:00Z" },
        { "WeekdaysAndSaturday(8,0)", "2026-11-27T08:00:00Z", "2026-11-28T08:00:00Z" },
        { "WeekdaysAndSaturday(8,0)", "2026-11-28T08:00:00Z", "2026-11-30T08:00:00Z" },
        { "WeekdaysAndSaturday(8,0)", "2026-11-29T07:00:00Z", "2026-11-30T08:00:00Z" },
    };

    public static TheoryData<string, string, string, string> ZonedCases => new()
    {
        // zone, rate, after, expected (UTC)
        { "Europe/Berlin", "Single(2026,12,1,9,5)", "2026-11-23T12:00:00Z", "2026-12-01T08:05:00Z" },
        { "Europe/Berlin", "Single(2026,7,1,9,5)", "2026-06-01T00:00:00Z", "2026-07-01T07:05:00Z" },
        // Spring forward: 09:00 is 08:00Z on Saturday (CET) and 07:00Z on Sunday (CEST).
        { "Europe/Berlin", "Daily(9,0)", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z" },
        // Fall back: 09:00 is 07:00Z on Saturday (CEST) and 08:00Z on Sunday (CET).
        { "Europe/Berlin", "Daily(9,0)", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z" },
        // Weekend skipped and DST crossed: Friday 09:00 CET → Monday 09:00 CEST.
        { "Europe/Berlin", "Weekdays(9,0)", "2026-03-27T08:00:00Z", "2026-03-30T07:00:00Z" },
        // 02:30 does not exist on 2026-03-29: it fires one gap later, at 03:30 CEST.
        { "Europe/Berlin", "Daily(2,30)", "2026-03-28T02:00:00Z", "2026-03-29T01:30:00Z" },
        // 02:30 happens twice on 2026-10-25: it fires at the first (CEST) only, then the next day.
        { "Europe/Berlin", "Daily(2,30)", "2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z" },
        { "Europe/Berlin", "Daily(2,30)", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z" },
        { "America/New_York", "Weekdays(8,0)", "2026-03-06T13:00:00Z", "2026-03-09T12:00:00Z" },
        // Rates are fixed durations: a day is 24 hours even across a DST change.
        { "Europe/Berlin", "Days(1)", "2026-03-29T11:00:00Z", "2026-03-29T12:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(UtcCases))]
    public void NextOccurrence_WhenZoneIsUtc_ShouldReturnFirstFireStrictlyAfter(string rate, string after, string? expected)
    {
        var scheduleRate = ScheduleRateTests.Rate(rate);

        var next = scheduleRate.NextOccurrence(At(after), Anchor);

        Assert.Equal(expected is null ? null : At(expected), next);
    }

    [Theory]
    [MemberData(nameof(ZonedCases))]
    public void NextOccurrence_WhenZoneHasDaylightSaving_ShouldFollowWallClock(string zone, string rate, string after, string expected)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var anchor = At("2026-03-20T12:00:00Z");

        var next = ScheduleRateTests.Rate(rate).NextOccurrence(At(after), anchor, timeZone);

        Assert.Equal(At(expected), next);
    }

    [Fact]
    public void NextOccurrence_WhenCalledRepeatedly_ShouldWalkEachWeekdayOnce()
    {
        var rate = ScheduleRate.Weekdays(8, 0);
        var fires = new List<DayOfWeek>();
        var after = At("2026-11-22T00:00:00Z");

        for (var i = 0; i < 10; i++)
        {
            after = rate.NextOccurrence(after, Anchor)!.Value;
            fires.Add(after.DayOfWeek);
        }

        Assert.DoesNotContain(DayOfWeek.Saturday, fires);
        Assert.DoesNotContain(DayOfWeek.Sunday, fires);
        Assert.Equal(At("2026-12-04T08:00:00Z"), after);
    }

    [Fact]
    public void NextOccurrence_WhenPeriodWouldOverflow_ShouldReturnNull()
    {
        var next = ScheduleRate.Days(1).NextOccurrence(DateTimeOffset.MaxValue.AddHours(-1), Anchor);

        Assert.Null(next);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
