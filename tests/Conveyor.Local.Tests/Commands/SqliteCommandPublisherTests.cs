using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Validation;
using Conveyor.Local.Commands;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Commands;

public sealed class SqliteCommandPublisherTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    private SqliteCommandPublisher Publisher() =>
        new(_folder.Database, new CommandLogOptions(new HashSet<string> { "customer", "order" }), TimeProvider.System);

    private static CommandMessage Command(string id, string msgId) => new(
        id,
        new CommandMeta("file-trigger", "system", TestTasks.Now, msgId, "corr-1"),
        JsonDocument.Parse("""{"type":"ChangeProfilePicture","key":"123.jpg"}""").RootElement.Clone());

    [Fact]
    public async Task PublishAsync_WhenRedelivered_ShouldLogEachMessageOncePerAggregate()
    {
        var publisher = Publisher();

        await publisher.PublishAsync("customer", [Command("123", "m1"), Command("124", "m2")], CancellationToken.None);
        await publisher.PublishAsync("customer", [Command("123", "m1")], CancellationToken.None);
        await publisher.PublishAsync("order", [Command("9", "m1")], CancellationToken.None);

        var customer = await publisher.ReadAsync("customer", 0, 100, CancellationToken.None);
        var all = await publisher.ReadAsync(null, 0, 100, CancellationToken.None);
        Assert.Equal(["123", "124"], customer.Select(c => c.Message.Id));
        Assert.Equal("ChangeProfilePicture", customer[0].Message.Command.GetProperty("type").GetString());
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task PublishAsync_WhenAggregateUnknown_ShouldThrowValidationAndLogNothing()
    {
        var publisher = Publisher();

        await Assert.ThrowsAsync<ValidationException>(() => publisher.PublishAsync("invoice", [Command("1", "m1")], CancellationToken.None));

        Assert.Empty(await publisher.ReadAsync(null, 0, 10, CancellationToken.None));
    }
}
