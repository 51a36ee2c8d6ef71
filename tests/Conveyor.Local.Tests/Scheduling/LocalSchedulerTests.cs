using System.Text.Json;
using Conveyor.Core.Schedules;
using Conveyor.Local.Queue;
using Conveyor.Local.Scheduling;
using Conveyor.Local.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Tests.Scheduling;

public sealed class LocalSchedulerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero); // a Monday
    private readonly TempEngineFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly LocalSchedulerOptions _options = new();
    private SqliteScheduleService _service = null!;
    private LocalScheduler _scheduler = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _service = new SqliteScheduleService(_folder.Database, _options, _time);
        _scheduler = new LocalScheduler(_folder.Database, _options, _time);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    private static JsonElement Payload(string marker) => JsonDocument.Parse($$"""{"marker":"{{marker}}"}""").RootElement.Clone();

    [Fact]
    public async Task FireDueAsync_WhenRateElapses_ShouldFireEachPeriodAndEnqueueThePayload()
    {
        await _service.CreateAsync(new Schedule("every-5", ScheduleRate.Minutes(5), Payload("p")), CancellationToken.None);

        var early = await _scheduler.FireDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var first = await _scheduler.FireDueAsync(CancellationToken.None);
        var immediatelyAgain = await _scheduler.FireDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await _scheduler.FireDueAsync(CancellationToken.None);
        var queued = await new SqliteQueue(_folder.Database, new QueueOptions(_options.QueueName), _time).ReceiveAsync(10, null, CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal(Start.AddMinutes(5), Assert.Single(first).ScheduledTime);
        Assert.Empty(immediatelyAgain);
        Assert.Equal(Start.AddMinutes(10), Assert.Single(second).ScheduledTime);
        Assert.Equal(2, queued.Count);
        var body = LocalScheduler.Parse(queued[0].Body);
        Assert.Equal(("every-5", "p"), (body.Name, body.Payload.GetProperty("marker").GetString()));
    }

    [Fact]
    public async Task FireDueAsync_WhenSingleIsDue_ShouldFireOnceThenRemoveTheSchedule()
    {
        await _service.CreateAsync(new Schedule("once", ScheduleRate.Single(2025, 3, 3, 9, 30), Payload("o")), CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(89));
        var before = await _scheduler.FireDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var fired = await _scheduler.FireDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        var later = await _scheduler.FireDueAsync(CancellationToken.None);

        Assert.Empty(before);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 30, 0, TimeSpan.Zero), Assert.Single(fired).ScheduledTime);
        Assert.Empty(later);
        Assert.Null(await _service.GetAsync("once", CancellationToken.None));
    }

    [Fact]
    public async Task FireDueAsync_WhenManyOccurrencesWereMissed_ShouldFireOnceAndContinueFromTheNextFutureOccurrence()
    {
        await _service.CreateAsync(new Schedule("minutely", ScheduleRate.Minutes(1), Payload("m")), CancellationToken.None);

        // The engine was down for 3.5 hours: 210 occurrences missed.
        _time.Advance(TimeSpan.FromMinutes(210.5));
        var restart = await _scheduler.FireDueAsync(CancellationToken.None);
        var stored = await _service.GetStoredAsync("minutely", CancellationToken.None);

        var firing = Assert.Single(restart);
        Assert.Equal(Start.AddMinutes(1), firing.ScheduledTime);
        Assert.Equal(Start.AddMinutes(211), stored!.NextDue);
    }

    [Fact]
    public async Task FireDueAsync_WhenWeekdaysScheduleCrossesAWeekend_ShouldSkipSaturdayAndSunday()
    {
        await _service.CreateAsync(new Schedule("weekday-report", ScheduleRate.Weekdays(7, 0), Payload("w")), CancellationToken.None);
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 7, 7, 0, 0, TimeSpan.Zero)); // Friday 07:00

        await _scheduler.FireDueAsync(CancellationToken.None);
        var stored = await _service.GetStoredAsync("weekday-report", CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2025, 3, 10, 7, 0, 0, TimeSpan.Zero), stored!.NextDue);
    }

    [Fact]
    public async Task CreateAsync_WhenRedeliveredWithSameDefinition_ShouldKeepAnchorAndNextDue()
    {
        var schedule = new Schedule("hourly", ScheduleRate.Hours(1), Payload("h"));
        await _service.CreateAsync(schedule, CancellationToken.None);
        var before = await _service.GetStoredAsync("hourly", CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(40));
        await _service.CreateAsync(schedule, CancellationToken.None);
        var after = await _service.GetStoredAsync("hourly", CancellationToken.None);
        await _service.CreateAsync(schedule with { Rate = ScheduleRate.Hours(2) }, CancellationToken.None);
        var replaced = await _service.GetStoredAsync("hourly", CancellationToken.None);

        Assert.Equal((before!.Anchor, before.NextDue), (after!.Anchor, after.NextDue));
        Assert.Equal(Start.AddMinutes(40).AddHours(2), replaced!.NextDue);
    }
}
