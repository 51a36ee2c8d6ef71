using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Schedules;
using Conveyor.Testing.Moto;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.Scheduler;

/// <summary>The Scheduler client and schedule service against moto's REST-JSON endpoint.</summary>
[Collection("moto")]
public sealed class SchedulerMotoTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Group = "conveyor";
    private AwsRequestSender _sender = null!;
    private SchedulerClient _client = null!;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _sender = TestSenders.Real(moto.Server.Endpoint, "scheduler");
        _client = new SchedulerClient(_sender);
        await _sender.SendAsync(new AwsHttpRequest(HttpMethod.Post, "/schedule-groups/" + Group, "application/json", "{}"u8.ToArray()), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Lifecycle_WhenCreatedReadReplacedAndDeleted_ShouldReflectEachStep()
    {
        var service = Service(Group);
        var once = new Schedule("report-once", ScheduleRate.Single(2027, 3, 4, 5, 6), Payload("{\"type\":\"task\",\"n\":1}"));

        await service.CreateAsync(once, CancellationToken.None);
        var read = await service.GetAsync("report-once", CancellationToken.None);
        var raw = await _client.GetScheduleAsync("report-once", Group, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(once.Rate, read.Rate);
        Assert.Equal("{\"type\":\"task\",\"n\":1}", read.Payload.GetRawText());
        Assert.Equal("DELETE", raw.ActionAfterCompletion);
        Assert.Equal("OFF", raw.FlexibleTimeWindowMode);
        Assert.Equal(Group, raw.GroupName);

        var replacement = new Schedule("report-once", ScheduleRate.Weekdays(8, 15), Payload("{\"type\":\"task\",\"n\":2}"));
        await service.CreateAsync(replacement, CancellationToken.None);
        var replaced = await service.GetAsync("report-once", CancellationToken.None);

        Assert.NotNull(replaced);
        Assert.Equal(ScheduleRate.Weekdays(8, 15), replaced.Rate);
        Assert.Equal("{\"type\":\"task\",\"n\":2}", replaced.Payload.GetRawText());

        Assert.True(await service.DeleteAsync("report-once", CancellationToken.None));
        Assert.Null(await service.GetAsync("report-once", CancellationToken.None));
        Assert.False(await service.DeleteAsync("report-once", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_WhenDefaultGroupAndRedelivered_ShouldConvergeOnOneSchedule()
    {
        var service = Service(group: null);
        var schedule = new Schedule("every-5", ScheduleRate.Minutes(5), Payload("{\"type\":\"task\"}"));

        await service.CreateAsync(schedule, CancellationToken.None);
        await service.CreateAsync(schedule, CancellationToken.None);
        var read = await _client.GetScheduleAsync("every-5", null, CancellationToken.None);

        Assert.Equal("rate(5 minutes)", read.ScheduleExpression);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:ScheduleTarget", read.Target.Arn);
    }

    private EventBridgeScheduleService Service(string? group) =>
        new(
            _client,
            new SchedulerOptions
            {
                TargetArn = "arn:aws:lambda:us-east-1:123456789012:function:ScheduleTarget",
                RoleArn = "arn:aws:iam::123456789012:role/scheduler",
                GroupName = group,
            },
            NullLogger<EventBridgeScheduleService>.Instance);

    private static JsonElement Payload(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
