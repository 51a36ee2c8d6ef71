using Conveyor.Core.Ports;
using Conveyor.Local.Queue;
using Conveyor.Local.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Tests.Queue;

/// <summary>Listing dead letters with their cause and re-driving one back to its source queue, once.</summary>
public sealed class SqliteDeadLetterStoreTests : IAsyncLifetime
{
    private const string StreamDeadLetters = "stream-dlq";
    private readonly TempEngineFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private SqliteQueue _work = null!;
    private SqliteDeadLetterStore _store = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _work = new SqliteQueue(_folder.Database, new QueueOptions("work", TimeSpan.FromSeconds(30), MaxReceiveCount: 3), _time);
        _store = new SqliteDeadLetterStore(_folder.Database, [_work], [StreamDeadLetters], _time);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task ListAsync_ShouldShowEveryDeadLetterNewestFirstWithItsCauseWhenOneWasRecorded()
    {
        var byConsumer = await DeadLetterAsync("poison", "PoisonMessageException", "not a task-queue message");
        var byQueue = await _work.SendAsync(new QueueSendRequest("slow"), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            _ = await _work.ReceiveAsync(10, null, CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(31));
        }

        _ = await _work.ReceiveAsync(10, null, CancellationToken.None); // the fourth receive moves it
        var stream = await new SqliteQueue(_folder.Database, new QueueOptions(StreamDeadLetters, MaxReceiveCount: 0), _time)
            .SendAsync(new QueueSendRequest("""{"Records":[]}"""), CancellationToken.None);

        var page = await _store.ListAsync(10, null, CancellationToken.None);

        Assert.Equal([stream, byQueue, byConsumer], page.Items.Select(l => l.MessageId));
        var poison = page.Items[2];
        Assert.Equal(("work-dlq", "work", "poison", 3), (poison.DeadLetterQueue, poison.SourceQueue, poison.Body, poison.ReceiveCount));
        Assert.Equal(("PoisonMessageException", "not a task-queue message"), (poison.ErrorType, poison.ErrorMessage));
        Assert.Equal(("work-dlq", "work", 3, (string?)null), (page.Items[1].DeadLetterQueue, page.Items[1].SourceQueue, page.Items[1].ReceiveCount, page.Items[1].ErrorType));
        Assert.Equal((StreamDeadLetters, (string?)null), (page.Items[0].DeadLetterQueue, page.Items[0].SourceQueue));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ListAsync_WhenThereAreMoreThanAPage_ShouldPageWithTheNextToken()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await DeadLetterAsync($"m{i}", "IOException", "disk"));
        }

        var first = await _store.ListAsync(2, null, CancellationToken.None);
        var second = await _store.ListAsync(2, first.Next, CancellationToken.None);
        var third = await _store.ListAsync(2, second.Next, CancellationToken.None);

        Assert.Equal([ids[4], ids[3], ids[2], ids[1], ids[0]], first.Items.Concat(second.Items).Concat(third.Items).Select(l => l.MessageId));
        Assert.Null(third.Next);
        await Assert.ThrowsAsync<FormatException>(() => _store.ListAsync(2, "forged", CancellationToken.None));
    }

    [Fact]
    public async Task RedriveAsync_WhenAskedTwice_ShouldMoveTheMessageBackOnceAndAnswerTheSameRedrive()
    {
        var id = await DeadLetterAsync("job", "IOException", "disk unavailable");
        _time.Advance(TimeSpan.FromMinutes(1));

        var first = await _store.RedriveAsync(id, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await _store.RedriveAsync(id, CancellationToken.None);
        var delivered = Assert.Single(await _work.ReceiveAsync(10, null, CancellationToken.None));
        var third = await _store.RedriveAsync(id, CancellationToken.None);

        Assert.Equal((id, "work-dlq", "work", true), (first!.MessageId, first.DeadLetterQueue, first.Queue, first.Moved));
        Assert.Equal(first with { Moved = false }, again);
        Assert.Equal(first with { Moved = false }, third);
        // Back as delivered once before: the consumer treats what an earlier attempt left as interrupted.
        Assert.Equal((id, "job", 2), (delivered.MessageId, delivered.Body, delivered.ReceiveCount));
        Assert.Null(delivered.Attributes);
        Assert.Empty((await _store.ListAsync(10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task RedriveAsync_WhenTheMessageWasDeadLetteredAgain_ShouldMoveItAgain()
    {
        var id = await DeadLetterAsync("job", "IOException", "disk unavailable");
        var first = await _store.RedriveAsync(id, CancellationToken.None);
        var delivered = Assert.Single(await _work.ReceiveAsync(10, null, CancellationToken.None));
        await _work.DeadLetterAsync(new DeadLetter(delivered.MessageId, delivered.Body, "work", delivered.ReceiveCount, "IOException", "still down"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var listed = Assert.Single((await _store.ListAsync(10, null, CancellationToken.None)).Items);
        var second = await _store.RedriveAsync(id, CancellationToken.None);

        Assert.Equal("still down", listed.ErrorMessage);
        Assert.True(second!.Moved);
        Assert.Equal(first!.RedrivenAt + TimeSpan.FromMinutes(5), second.RedrivenAt);
    }

    [Fact]
    public async Task RedriveAsync_WhenTheSourceQueueAllowsOneDelivery_ShouldBringItBackWithACountOfZero()
    {
        var once = new SqliteQueue(_folder.Database, new QueueOptions("once", MaxReceiveCount: 1), _time);
        var store = new SqliteDeadLetterStore(_folder.Database, [once], [], _time);
        await once.SendAsync(new QueueSendRequest("job"), CancellationToken.None);
        var received = Assert.Single(await once.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(await once.ReceiveAsync(1, null, CancellationToken.None)); // moved to once-dlq

        Assert.True((await store.RedriveAsync(received.MessageId, CancellationToken.None))!.Moved);

        Assert.Equal(1, Assert.Single(await once.ReceiveAsync(1, null, CancellationToken.None)).ReceiveCount);
    }

    [Fact]
    public async Task RedriveAsync_WhenUnknownOrWithoutSourceQueue_ShouldAnswerNullOrRefuse()
    {
        var stream = await new SqliteQueue(_folder.Database, new QueueOptions(StreamDeadLetters, MaxReceiveCount: 0), _time)
            .SendAsync(new QueueSendRequest("{}"), CancellationToken.None);
        var live = await _work.SendAsync(new QueueSendRequest("not dead"), CancellationToken.None);

        Assert.Null(await _store.RedriveAsync("no-such-message", CancellationToken.None));
        Assert.Null(await _store.RedriveAsync(live, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<DeadLetterNotRedrivableException>(() => _store.RedriveAsync(stream, CancellationToken.None));
        Assert.Contains("no source queue", refused.Message, StringComparison.Ordinal);
        Assert.Single((await _store.ListAsync(10, null, CancellationToken.None)).Items);
    }

    /// <summary>A message received once and given up on by its consumer with a cause (<see cref="SqliteQueue.DeadLetterAsync"/>).</summary>
    private async Task<string> DeadLetterAsync(string body, string errorType, string errorMessage)
    {
        var id = await _work.SendAsync(new QueueSendRequest(body), CancellationToken.None);
        var received = (await _work.ReceiveAsync(10, null, CancellationToken.None)).Single(m => m.MessageId == id);
        await _work.DeadLetterAsync(new DeadLetter(received.MessageId, received.Body, "work", 3, errorType, errorMessage), CancellationToken.None);
        return id;
    }
}
