using Conveyor.Core.Schedules;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Schedules;

public sealed class ScheduleRateTests
{
    public static TheoryData<string, string> Expressions => new()
    {
        { "Minutes(1)", "rate(1 minute)" },
        { "Minutes(5)", "rate(5 minutes)" },
        { "Hours(1)", "rate(1 hour)" },
        { "Hours(12)", "rate(12 hours)" },
        { "Days(1)", "rate(1 day)" },
        { "Days(2)", "rate(2 days)" },
        { "Daily(9,30)", "cron(30 9 * * ? *)" },
        { "Daily(0,0)", "cron(0 0 * * ? *)" },
        { "Weekdays(8,0)", "cron(0 8 ? * MON-FRI *)" },
        { "WeekdaysAndSaturday(8,0)", "cron(0 8 ? * MON-SAT *)" },
        { "Single(2026,12,1,9,5)", "at(2026-12-01T09:05:00)" },
        { "Single(2028,2,29,23,59)", "at(2028-02-29T23:59:00)" },
    };

    public static TheoryData<string> Invalid => new()
    {
        "Daily(-1,0)", "Daily(24,0)", "Daily(0,-1)", "Daily(0,60)",
        "Weekdays(24,0)", "Weekdays(0,60)", "WeekdaysAndSaturday(-1,0)", "WeekdaysAndSaturday(0,60)",
        "Minutes(0)", "Minutes(-1)", "Hours(0)", "Hours(-1)", "Days(0)", "Days(-1)",
        "Single(2026,2,30,9,0)", "Single(2027,2,29,9,0)", "Single(2026,13,1,9,0)", "Single(2026,0,1,9,0)",
        "Single(2026,4,31,9,0)", "Single(2026,1,1,24,0)", "Single(2026,1,1,9,60)", "Single(2026,1,0,9,0)",
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void ToExpression_WhenRateIsValid_ShouldMatchEventBridgeSyntax(string rate, string expected)
    {
        var parsed = Rate(rate);

        var expression = parsed.ToExpression();

        Assert.Equal(expected, expression);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Factory_WhenRateIsInvalid_ShouldThrowValidationExceptionWithMessage(string rate)
    {
        var error = Assert.Throws<ValidationException>(() => Rate(rate));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Single_WhenFeb29OfNonLeapYear_ShouldNameTheDate()
    {
        var error = Assert.Throws<ValidationException>(() => ScheduleRate.Single(2027, 2, 29, 9, 0));

        Assert.Contains("2027-02-29", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Single(2026,12,1,9,5)", true)]
    [InlineData("Minutes(5)", false)]
    [InlineData("Daily(9,30)", false)]
    public void IsOneTime_WhenKindVaries_ShouldBeTrueOnlyForSingle(string rate, bool expected)
    {
        Assert.Equal(expected, Rate(rate).IsOneTime);
    }

    /// <summary>Builds a rate from "Kind(args)" so grids show readable cases.</summary>
    internal static ScheduleRate Rate(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var args = text[(open + 1)..^1].Split(',').Select(int.Parse).ToArray();
        return text[..open] switch
        {
            "Minutes" => ScheduleRate.Minutes(args[0]),
            "Hours" => ScheduleRate.Hours(args[0]),
            "Days" => ScheduleRate.Days(args[0]),
            "Daily" => ScheduleRate.Daily(args[0], args[1]),
            "Weekdays" => ScheduleRate.Weekdays(args[0], args[1]),
            "WeekdaysAndSaturday" => ScheduleRate.WeekdaysAndSaturday(args[0], args[1]),
            "Single" => ScheduleRate.Single(args[0], args[1], args[2], args[3], args[4]),
            _ => throw new ArgumentException(text, nameof(text)),
        };
    }
}
