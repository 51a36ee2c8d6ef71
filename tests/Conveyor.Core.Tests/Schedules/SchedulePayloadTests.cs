using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Schedules;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Schedules;

public sealed class SchedulePayloadTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_WhenCommandPayloadRoundTrips_ShouldKeepEveryField()
    {
        var message = new CommandMessage(
            "customer-1",
            new CommandMeta("conveyor", "scheduler", Time, "msg-1", "corr-1", "cause-1"),
            JsonDocument.Parse("""{"name":"Remind","n":3}""").RootElement);
        var payload = new CommandSchedulePayload("customer", [message]);

        var parsed = Assert.IsType<CommandSchedulePayload>(SchedulePayload.Parse(payload.ToJson()));

        Assert.Equal("customer", parsed.Aggregate);
        var command = Assert.Single(parsed.Commands);
        Assert.Equal("customer-1", command.Id);
        Assert.Equal(message.Meta, command.Meta);
        Assert.Equal(3, command.Command.GetProperty("n").GetInt32());
    }

    [Fact]
    public void ToJson_WhenTaskPayload_ShouldWriteTheTaggedShape()
    {
        var payload = new TaskSchedulePayload("acme", "report", JsonDocument.Parse("""{"day":1}""").RootElement, stepFunction: true);

        var json = payload.ToJson();

        Assert.Equal("""{"type":"task","tenant":"acme","taskType":"report","input":{"day":1},"stepFunction":true}""", json);
    }

    [Fact]
    public void Parse_WhenTaskPayloadWithoutStepFunction_ShouldDefaultToFalse()
    {
        var parsed = SchedulePayload.Parse("""{"type":"task","tenant":"acme","taskType":"report","input":[1,2]}""");

        var task = Assert.IsType<TaskSchedulePayload>(parsed);
        Assert.False(task.StepFunction);
        Assert.Equal(JsonValueKind.Array, task.Input.ValueKind);
        Assert.Equal("acme", task.Tenant);
        Assert.Equal("report", task.TaskType);
    }

    [Theory]
    [InlineData("""{"type":"email"}""", "Unknown schedule payload type 'email'")]
    [InlineData("""{"tenant":"acme"}""", "'type' is missing")]
    [InlineData("""{"type":3}""", "'type' must be a non-empty string")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"type":"task","tenant":"acme","input":{}}""", "'taskType' is missing")]
    [InlineData("""{"type":"task","tenant":"a#b","taskType":"t","input":{}}""", "must not contain '#'")]
    [InlineData("""{"type":"task","tenant":"acme","taskType":"t","input":{},"stepFunction":"yes"}""", "'stepFunction' must be true or false")]
    [InlineData("""{"type":"command","aggregate":"c","commands":{}}""", "'commands' must be an array")]
    [InlineData("""{"type":"command","aggregate":"c","commands":[]}""", "at least one command")]
    [InlineData("""{"type":"command","aggregate":"c","commands":[{"id":"1","meta":{"service":"s","user":"u","time":"nope","msgId":"m","correlationId":"c"},"command":{}}]}""", "'commands[0]' is not a command message: The command message meta property 'time'")]
    [InlineData("""{"type":"command","aggregate":"c","commands":[{"id":"1","command":{}}]}""", "'commands[0]' is not a command message")]
    [InlineData("""not json""", "must be JSON")]
    public void Parse_WhenPayloadIsInvalid_ShouldThrowNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => SchedulePayload.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenGivenPayload_ShouldStoreItsJson()
    {
        var payload = new TaskSchedulePayload("acme", "report", JsonDocument.Parse("{}").RootElement);

        var schedule = Schedule.Create("nightly-report", ScheduleRate.Daily(2, 0), payload);

        Assert.Equal("task", schedule.Payload.GetProperty("type").GetString());
        Assert.IsType<TaskSchedulePayload>(SchedulePayload.Parse(schedule.Payload));
    }
}
