using System.Net;
using System.Text.Json;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Schedules;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.Scheduler;

public sealed class EventBridgeScheduleServiceTests
{
    private static readonly SchedulerOptions Options = new()
    {
        TargetArn = "arn:aws:lambda:us-east-1:123456789012:function:ScheduleTarget",
        RoleArn = "arn:aws:iam::123456789012:role/scheduler",
        GroupName = "conveyor",
        Timezone = "Asia/Tokyo",
    };

    private const string NotFoundBody = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Schedule nightly does not exist.\"}";

    [Fact]
    public async Task CreateAsync_WhenOneTime_ShouldAskSchedulerToDeleteItAfterCompletion()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"ScheduleArn\":\"arn:s\"}");
        var schedule = new Schedule("once", ScheduleRate.Single(2027, 1, 2, 3, 4), Payload("{\"type\":\"task\",\"n\":1}"));

        await Service(handler).CreateAsync(schedule, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("/schedules/once", sent.Uri.AbsolutePath);
        var body = sent.Json();
        Assert.Equal("at(2027-01-02T03:04:00)", body.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("DELETE", body.GetProperty("ActionAfterCompletion").GetString());
        Assert.Equal("OFF", body.GetProperty("FlexibleTimeWindow").GetProperty("Mode").GetString());
        Assert.Equal("conveyor", body.GetProperty("GroupName").GetString());
        Assert.Equal("Asia/Tokyo", body.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Equal(Options.TargetArn, body.GetProperty("Target").GetProperty("Arn").GetString());
        Assert.Equal(Options.RoleArn, body.GetProperty("Target").GetProperty("RoleArn").GetString());
        Assert.Equal(
            "{\"type\":\"task\",\"n\":1,\"scheduleName\":\"<aws.scheduler.schedule-arn>\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}",
            body.GetProperty("Target").GetProperty("Input").GetString());
        Assert.Matches("^[0-9a-f]{64}$", body.GetProperty("ClientToken").GetString());
    }

    [Fact]
    public async Task CreateAsync_WhenRecurring_ShouldKeepTheScheduleAfterEachRun()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"ScheduleArn\":\"arn:s\"}");

        await Service(handler).CreateAsync(new Schedule("every5", ScheduleRate.Minutes(5), Payload("{\"type\":\"task\"}")), CancellationToken.None);

        var body = Assert.Single(handler.Requests).Json();
        Assert.Equal("rate(5 minutes)", body.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("NONE", body.GetProperty("ActionAfterCompletion").GetString());
    }

    [Fact]
    public async Task CreateAsync_WhenNameExists_ShouldReplaceItWithUpdateSchedule()
    {
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.Conflict, "{\"__type\":\"ConflictException\",\"message\":\"Schedule every5 already exists.\"}")
            .Respond(HttpStatusCode.OK, "{\"ScheduleArn\":\"arn:s\"}");

        await Service(handler).CreateAsync(new Schedule("every5", ScheduleRate.Hours(2), Payload("{\"type\":\"task\"}")), CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal(HttpMethod.Put, handler.Requests[1].Method);
        Assert.Equal("/schedules/every5", handler.Requests[1].Uri.AbsolutePath);
        var update = handler.Requests[1].Json();
        Assert.Equal("rate(2 hours)", update.GetProperty("ScheduleExpression").GetString());
        Assert.NotEqual(handler.Requests[0].Json().GetProperty("ClientToken").GetString(), update.GetProperty("ClientToken").GetString());
    }

    [Fact]
    public void ClientToken_WhenSameScheduleRepeated_ShouldBeStableAndChangeWithContent()
    {
        var a = new Schedule("s", ScheduleRate.Daily(9, 0), Payload("{\"type\":\"task\"}"));
        var again = new Schedule("s", ScheduleRate.Daily(9, 0), Payload("{\"type\":\"task\"}"));
        var otherTime = new Schedule("s", ScheduleRate.Daily(9, 1), Payload("{\"type\":\"task\"}"));
        var otherPayload = new Schedule("s", ScheduleRate.Daily(9, 0), Payload("{\"type\":\"other\"}"));

        var token = EventBridgeScheduleService.ClientToken("create", a);

        Assert.Equal(token, EventBridgeScheduleService.ClientToken("create", again));
        Assert.NotEqual(token, EventBridgeScheduleService.ClientToken("create", otherTime));
        Assert.NotEqual(token, EventBridgeScheduleService.ClientToken("create", otherPayload));
        Assert.Equal(64, token.Length);
    }

    [Fact]
    public async Task DeleteAsync_WhenScheduleExists_ShouldDeleteInTheGroupAndReturnTrue()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK);

        var deleted = await Service(handler).DeleteAsync("nightly", CancellationToken.None);

        Assert.True(deleted);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, sent.Method);
        Assert.Equal("/schedules/nightly?groupName=conveyor", sent.Uri.PathAndQuery);
    }

    [Fact]
    public async Task DeleteAsync_WhenScheduleAbsent_ShouldReturnFalseWithoutRetrying()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.NotFound, NotFoundBody);

        var deleted = await Service(handler).DeleteAsync("nightly", CancellationToken.None);

        Assert.False(deleted);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task GetAsync_WhenScheduleAbsent_ShouldReturnNull()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.NotFound, NotFoundBody);

        Assert.Null(await Service(handler).GetAsync("nightly", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WhenScheduleExists_ShouldMapExpressionAndInputBackToTheCoreSchedule()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, """
            {"Arn":"arn:s","Name":"nightly","ScheduleExpression":"cron(30 7 ? * MON-FRI *)",
             "Target":{"Arn":"arn:t","RoleArn":"arn:r","Input":"{\"type\":\"task\",\"x\":[1,2],\"scheduleName\":\"<aws.scheduler.schedule-arn>\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"}}
            """);

        var schedule = await Service(handler).GetAsync("nightly", CancellationToken.None);

        Assert.NotNull(schedule);
        Assert.Equal("nightly", schedule.Name);
        Assert.Equal(ScheduleRate.Weekdays(7, 30), schedule.Rate);
        Assert.Equal("{\"type\":\"task\",\"x\":[1,2]}", schedule.Payload.GetRawText());
        Assert.Equal("/schedules/nightly?groupName=conveyor", handler.Requests[0].Uri.PathAndQuery);
    }

    private static EventBridgeScheduleService Service(RecordingHandler handler) =>
        new(new SchedulerClient(TestSenders.Fake(handler, "scheduler")), Options, NullLogger<EventBridgeScheduleService>.Instance);

    private static JsonElement Payload(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
