using System.Text.Json;
using Conveyor.Core.Actions;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Core.Tests.Actions;

public sealed class CommandFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement Command = JsonDocument.Parse("""{"name":"Import"}""").RootElement;
    private readonly CommandFactory _factory = new("conveyor", new FakeTimeProvider(Now));

    [Fact]
    public void Create_WhenCalled_ShouldFillMetaFromServiceClockAndArguments()
    {
        var message = _factory.Create("customer-1", Command, "alice", "corr-1", "cause-1");

        Assert.Equal("customer-1", message.Id);
        Assert.Equal("conveyor", message.Meta.Service);
        Assert.Equal("alice", message.Meta.User);
        Assert.Equal(Now, message.Meta.Time);
        Assert.Equal("corr-1", message.Meta.CorrelationId);
        Assert.Equal("cause-1", message.Meta.CausationId);
        Assert.True(Guid.TryParse(message.Meta.MsgId, out _));
        Assert.Equal("Import", message.Command.GetProperty("name").GetString());
    }

    [Fact]
    public void Create_WhenSeeded_ShouldGiveTheSameMsgIdForTheSameSeed()
    {
        var first = _factory.Create("c", Command, "u", "corr", msgIdSeed: "bucket/key/etag");
        var again = _factory.Create("c", Command, "u", "corr", msgIdSeed: "bucket/key/etag");
        var other = _factory.Create("c", Command, "u", "corr", msgIdSeed: "bucket/key/etag2");

        Assert.Equal(first.Meta.MsgId, again.Meta.MsgId);
        Assert.NotEqual(first.Meta.MsgId, other.Meta.MsgId);
    }

    [Fact]
    public void Create_WhenNotSeeded_ShouldGiveFreshMsgIds()
    {
        var first = _factory.Create("c", Command, "u", "corr");
        var second = _factory.Create("c", Command, "u", "corr");

        Assert.NotEqual(first.Meta.MsgId, second.Meta.MsgId);
    }

    [Fact]
    public void DeterministicGuid_WhenCalled_ShouldSetVersion5AndRfcVariant()
    {
        var text = CommandFactory.DeterministicGuid("seed").ToString();

        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Theory]
    [InlineData("", "{}")]
    [InlineData("c", "[]")]
    public void Create_WhenIdEmptyOrCommandNotObject_ShouldThrowValidationException(string id, string command)
    {
        var json = JsonDocument.Parse(command).RootElement;

        Assert.Throws<ValidationException>(() => _factory.Create(id, json, "u", "corr"));
    }
}
