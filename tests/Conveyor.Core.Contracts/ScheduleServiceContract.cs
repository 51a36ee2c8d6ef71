using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="IScheduleService"/> (in-memory, the local timer store, EventBridge Scheduler) must do. Derive and
/// provide <see cref="Service"/>; each test uses its own schedule names.
/// </summary>
public abstract class ScheduleServiceContract : IAsyncLifetime
{
    private readonly string _prefix = $"contract-{Guid.NewGuid():N}"[..21];

    protected abstract IScheduleService Service { get; }

    public static TheoryData<string> RateKinds => new() { "at", "minute", "minutes", "hours", "days", "daily", "weekdays", "weekdays-and-saturday" };

    public static TheoryData<string> InvalidNames => new() { "has space", "slash/name", "colon:name", "é", new string('a', 65) };

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(RateKinds))]
    public async Task CreateThenGet_WhenCreated_ShouldReturnTheSameRateAndPayload(string kind)
    {
        var schedule = NewSchedule(kind, RateOf(kind));

        await Service.CreateAsync(schedule, CancellationToken.None);
        var stored = await Service.GetAsync(schedule.Name, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(schedule.Name, stored.Name);
        Assert.Equal(schedule.Rate.ToExpression(), stored.Rate.ToExpression());
        Assert.True(JsonElement.DeepEquals(schedule.Payload, stored.Payload), $"payload changed: {stored.Payload.GetRawText()}");
    }

    [Fact]
    public async Task Create_WhenNameExists_ShouldReplaceTheSchedule()
    {
        var first = NewSchedule("replace", ScheduleRate.Minutes(5));
        await Service.CreateAsync(first, CancellationToken.None);
        var second = first with { Rate = ScheduleRate.Daily(9, 30), Payload = Payload("second") };

        await Service.CreateAsync(second, CancellationToken.None);
        var stored = await Service.GetAsync(first.Name, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal("cron(30 9 * * ? *)", stored.Rate.ToExpression());
        Assert.Equal("second", stored.Payload.GetProperty("input").GetProperty("marker").GetString());
    }

    [Fact]
    public async Task Delete_WhenExists_ShouldReturnTrueAndRemoveIt()
    {
        var schedule = NewSchedule("delete", ScheduleRate.Hours(1));
        await Service.CreateAsync(schedule, CancellationToken.None);

        var deleted = await Service.DeleteAsync(schedule.Name, CancellationToken.None);

        Assert.True(deleted);
        Assert.Null(await Service.GetAsync(schedule.Name, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_WhenAbsent_ShouldReturnFalse()
    {
        var deleted = await Service.DeleteAsync(_prefix + "-absent", CancellationToken.None);

        Assert.False(deleted);
    }

    [Fact]
    public async Task Get_WhenAbsent_ShouldReturnNull()
    {
        var stored = await Service.GetAsync(_prefix + "-absent", CancellationToken.None);

        Assert.Null(stored);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task GetAndDelete_WhenNameInvalid_ShouldThrowValidationException(string name)
    {
        await Assert.ThrowsAsync<ValidationException>(() => Service.GetAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Service.DeleteAsync(name, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Schedule_WhenNameInvalid_ShouldBeRejectedBeforeReachingTheService(string name)
    {
        Assert.Throws<ValidationException>(() => new Schedule(name, ScheduleRate.Minutes(1), Payload("x")));
    }

    private Schedule NewSchedule(string suffix, ScheduleRate rate) =>
        new($"{_prefix}-{suffix}", rate, Payload(suffix));

    private static ScheduleRate RateOf(string kind) => kind switch
    {
        "at" => ScheduleRate.Single(2030, 12, 1, 9, 5),
        "minute" => ScheduleRate.Minutes(1),
        "minutes" => ScheduleRate.Minutes(5),
        "hours" => ScheduleRate.Hours(2),
        "days" => ScheduleRate.Days(2),
        "daily" => ScheduleRate.Daily(9, 30),
        "weekdays" => ScheduleRate.Weekdays(8, 0),
        _ => ScheduleRate.WeekdaysAndSaturday(8, 0),
    };

    private static JsonElement Payload(string marker) =>
        new TaskSchedulePayload("acme", "report", JsonDocument.Parse($$"""{"marker":"{{marker}}"}""").RootElement).ToJsonElement();
}
