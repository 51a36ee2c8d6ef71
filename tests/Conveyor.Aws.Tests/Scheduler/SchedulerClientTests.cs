using System.Net;
using Conveyor.Aws.Http;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Tests.Http;

namespace Conveyor.Aws.Tests.Scheduler;

public sealed class SchedulerClientTests
{
    private static readonly ScheduleDefinition Definition = new(
        "nightly-report",
        "cron(0 2 * * ? *)",
        new ScheduleTargetDefinition("arn:aws:lambda:us-east-1:123456789012:function:ScheduleTarget", "arn:aws:iam::123456789012:role/scheduler", "{\"type\":\"task\"}"))
    {
        GroupName = "conveyor",
        ScheduleExpressionTimezone = "Asia/Tokyo",
        ActionAfterCompletion = "NONE",
        ClientToken = "token-1",
    };

    [Fact]
    public async Task CreateScheduleAsync_WhenCalled_ShouldPostRestJsonToSchedulesName()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"ScheduleArn\":\"arn:s\"}", "application/json");
        var client = new SchedulerClient(TestSenders.Fake(handler, "scheduler"));

        var arn = await client.CreateScheduleAsync(Definition, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://scheduler.us-east-1.amazonaws.com/schedules/nightly-report", sent.Uri.ToString());
        Assert.Equal("application/json", sent.ContentType);
        Assert.False(sent.Headers.ContainsKey("X-Amz-Target"));
        TestSenders.AssertSigned(sent, "scheduler");
        var body = sent.Json();
        Assert.False(body.TryGetProperty("Name", out _));
        Assert.Equal("cron(0 2 * * ? *)", body.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("Asia/Tokyo", body.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Equal("OFF", body.GetProperty("FlexibleTimeWindow").GetProperty("Mode").GetString());
        Assert.Equal("conveyor", body.GetProperty("GroupName").GetString());
        Assert.Equal("NONE", body.GetProperty("ActionAfterCompletion").GetString());
        Assert.Equal("token-1", body.GetProperty("ClientToken").GetString());
        var target = body.GetProperty("Target");
        Assert.Equal(Definition.Target.Arn, target.GetProperty("Arn").GetString());
        Assert.Equal(Definition.Target.RoleArn, target.GetProperty("RoleArn").GetString());
        Assert.Equal("{\"type\":\"task\"}", target.GetProperty("Input").GetString());
        Assert.Equal("arn:s", arn);
    }

    [Fact]
    public async Task UpdateScheduleAsync_WhenCalled_ShouldPutTheFullDefinition()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"ScheduleArn\":\"arn:s\"}", "application/json");
        var client = new SchedulerClient(TestSenders.Fake(handler, "scheduler"));

        await client.UpdateScheduleAsync(Definition, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, sent.Method);
        Assert.Equal("/schedules/nightly-report", sent.Uri.AbsolutePath);
        Assert.Equal("cron(0 2 * * ? *)", sent.Json().GetProperty("ScheduleExpression").GetString());
    }

    [Fact]
    public async Task GetScheduleAsync_WhenCalled_ShouldGetWithGroupNameQueryAndMapTheResponse()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, """
            {"Arn":"arn:s","Name":"nightly-report","GroupName":"conveyor","ScheduleExpression":"rate(5 minutes)",
             "ScheduleExpressionTimezone":"UTC","State":"ENABLED","ActionAfterCompletion":"NONE","FlexibleTimeWindow":{"Mode":"OFF"},
             "Target":{"Arn":"arn:t","RoleArn":"arn:r","Input":"{\"a\":1}"}}
            """, "application/json");
        var client = new SchedulerClient(TestSenders.Fake(handler, "scheduler"));

        var schedule = await client.GetScheduleAsync("nightly-report", "conveyor", CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("/schedules/nightly-report?groupName=conveyor", sent.Uri.PathAndQuery);
        Assert.Empty(sent.Body);
        TestSenders.AssertSigned(sent, "scheduler");
        Assert.Equal("rate(5 minutes)", schedule.ScheduleExpression);
        Assert.Equal("OFF", schedule.FlexibleTimeWindowMode);
        Assert.Equal(new ScheduleTargetDefinition("arn:t", "arn:r", "{\"a\":1}"), schedule.Target);
    }

    [Fact]
    public async Task DeleteScheduleAsync_WhenCalled_ShouldDeleteWithGroupNameAndClientToken()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{}", "application/json");
        var client = new SchedulerClient(TestSenders.Fake(handler, "scheduler"));

        await client.DeleteScheduleAsync("nightly-report", "conveyor", "tok", CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, sent.Method);
        Assert.Equal("/schedules/nightly-report?clientToken=tok&groupName=conveyor", sent.Uri.PathAndQuery);
    }

    [Fact]
    public async Task GetScheduleAsync_WhenServiceSaysNotFound_ShouldThrowResourceNotFound()
    {
        var handler = new RecordingHandler().Respond(
            HttpStatusCode.NotFound,
            "{\"Message\":\"Schedule nightly-report does not exist.\"}",
            "application/json",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.chronos/"));
        var client = new SchedulerClient(TestSenders.Fake(handler, "scheduler"));

        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => client.GetScheduleAsync("nightly-report", null, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal("/schedules/nightly-report", handler.Requests[0].Uri.PathAndQuery);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
