using Conveyor.Aws.Scheduler;
using Conveyor.Core.Schedules;

namespace Conveyor.Aws.Tests.Scheduler;

public sealed class ScheduleExpressionParserTests
{
    public static TheoryData<ScheduleRate> CoreRates() =>
    [
        ScheduleRate.Single(2026, 12, 31, 23, 59),
        ScheduleRate.Single(2027, 2, 1, 0, 0),
        ScheduleRate.Minutes(1),
        ScheduleRate.Minutes(15),
        ScheduleRate.Hours(1),
        ScheduleRate.Hours(6),
        ScheduleRate.Days(1),
        ScheduleRate.Days(30),
        ScheduleRate.Daily(0, 0),
        ScheduleRate.Daily(9, 5),
        ScheduleRate.Weekdays(7, 30),
        ScheduleRate.WeekdaysAndSaturday(23, 59),
    ];

    [Theory]
    [MemberData(nameof(CoreRates))]
    public void Parse_WhenGivenAnExpressionCoreProduces_ShouldRoundTripToTheSameRate(ScheduleRate rate)
    {
        var parsed = ScheduleExpressionParser.Parse(rate.ToExpression());

        Assert.Equal(rate.Kind, parsed.Kind);
        Assert.Equal(rate.ToExpression(), parsed.ToExpression());
        Assert.Equal(rate, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(2 weeks)")]
    [InlineData("at(2026-12-31T23:59:30)")]
    [InlineData("at(2026-02-30T10:00:00)")]
    [InlineData("cron(0 12 * * ? 2027)")]
    [InlineData("cron(0 12 ? * MON *)")]
    [InlineData("cron(75 12 * * ? *)")]
    [InlineData("cron(0/5 * * * ? *)")]
    [InlineData("every day")]
    public void TryParse_WhenExpressionIsNotOneCoreProduces_ShouldRefuse(string expression)
    {
        Assert.False(ScheduleExpressionParser.TryParse(expression, out _));
        Assert.Throws<FormatException>(() => ScheduleExpressionParser.Parse(expression));
    }
}
