using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Testing;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryCommandPublisherTests
{
    [Fact]
    public async Task PublishAsync_WhenAggregateKnown_ShouldRecordCommandsPerAggregateInOrder()
    {
        var publisher = new InMemoryCommandPublisher(["customer", "order"]);

        await publisher.PublishAsync("customer", [Command("1"), Command("2")], CancellationToken.None);
        await publisher.PublishAsync("order", [Command("3")], CancellationToken.None);

        Assert.Equal(["1", "2"], publisher.Published("customer").Select(c => c.Id));
        Assert.Equal(["3"], publisher.Published("order").Select(c => c.Id));
        Assert.Equal(["customer", "customer", "order"], publisher.All.Select(p => p.Aggregate));
    }

    [Fact]
    public async Task PublishAsync_WhenAggregateUnknown_ShouldThrowValidationExceptionNamingIt()
    {
        var publisher = new InMemoryCommandPublisher(["customer"]);

        var error = await Assert.ThrowsAsync<ValidationException>(() => publisher.PublishAsync("invoice", [Command("1")], CancellationToken.None));

        Assert.Contains("'invoice'", error.Message, StringComparison.Ordinal);
        Assert.Empty(publisher.All);
    }

    [Fact]
    public async Task PublishAsync_WhenNoKnownListGiven_ShouldAcceptAnyAggregate()
    {
        var publisher = new InMemoryCommandPublisher();

        await publisher.PublishAsync("anything", [Command("1")], CancellationToken.None);

        Assert.Single(publisher.Published("anything"));
    }

    private static CommandMessage Command(string id) =>
        new(id, new CommandMeta("svc", "u", DateTimeOffset.UnixEpoch, "m" + id, "corr"), JsonDocument.Parse("{}").RootElement);
}
