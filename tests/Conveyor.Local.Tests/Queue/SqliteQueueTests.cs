using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Conveyor.Local.Queue;
using Conveyor.Local.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Local.Tests.Queue;

public sealed class SqliteQueueTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _folder.InitializeAsync();

    public Task DisposeAsync() => _folder.DisposeAsync();

    private SqliteQueue Queue(int maxReceiveCount = 3, bool fifo = false) =>
        new(_folder.Database, new QueueOptions("work", TimeSpan.FromSeconds(30), maxReceiveCount, Fifo: fifo), _time);

    [Fact]
    public async Task ReceiveAsync_WhenReceived_ShouldHideUntilVisibilityTimeoutThenRedeliverWithHigherCount()
    {
        var queue = Queue();
        await queue.SendAsync(new QueueSendRequest("hello"), CancellationToken.None);

        var first = Assert.Single(await queue.ReceiveAsync(10, null, CancellationToken.None));
        var hidden = await queue.ReceiveAsync(10, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        var stillHidden = await queue.ReceiveAsync(10, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await queue.ReceiveAsync(10, null, CancellationToken.None));

        Assert.Empty(hidden);
        Assert.Empty(stillHidden);
        Assert.Equal(("hello", 1), (first.Body, first.ReceiveCount));
        Assert.Equal((first.MessageId, 2), (second.MessageId, second.ReceiveCount));
    }

    [Fact]
    public async Task DeleteAsync_WhenHandleIsStaleAfterRedelivery_ShouldNotDeleteNewDelivery()
    {
        var queue = Queue();
        await queue.SendAsync(new QueueSendRequest("job"), CancellationToken.None);
        var first = Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));

        var staleDeleted = await queue.DeleteAsync(first.ReceiptHandle, CancellationToken.None);
        var counts = await queue.GetCountsAsync(CancellationToken.None);
        var currentDeleted = await queue.DeleteAsync(second.ReceiptHandle, CancellationToken.None);

        Assert.False(staleDeleted);
        Assert.Equal(1, counts.InFlight);
        Assert.True(currentDeleted);
        Assert.Equal(0, (await queue.GetCountsAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task ReceiveAsync_WhenReceivedMaxReceiveCountTimes_ShouldMoveToDeadLetterQueueOnNextReceive()
    {
        var queue = Queue(maxReceiveCount: 3);
        var id = await queue.SendAsync(new QueueSendRequest("poison"), CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            var delivery = Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));
            Assert.Equal(i, delivery.ReceiveCount);
            _time.Advance(TimeSpan.FromSeconds(31));
        }

        var fourth = await queue.ReceiveAsync(1, null, CancellationToken.None);
        var dead = Assert.Single(await queue.DeadLetterQueue().ReceiveAsync(10, null, CancellationToken.None));

        Assert.Empty(fourth);
        Assert.Equal(0, (await queue.GetCountsAsync(CancellationToken.None)).Total);
        Assert.Equal((id, "poison"), (dead.MessageId, dead.Body));
    }

    [Fact]
    public async Task DeadLetterAsync_WhenAReceivedMessageIsGivenUp_ShouldMoveItOnceWithItsCauseAndTheBodyUnchanged()
    {
        var queue = Queue();
        await queue.SendAsync(new QueueSendRequest("{\"pk\":\"é\"}"), CancellationToken.None);
        var received = Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));
        var letter = new DeadLetter(received.MessageId, received.Body, "arn:aws:sqs:us-east-1:000000000000:work", 3, "PoisonMessageException", "Message is not \"a\" task");

        await queue.DeadLetterAsync(letter, CancellationToken.None);
        await queue.DeadLetterAsync(letter, CancellationToken.None);
        var deleted = await queue.DeleteAsync(received.ReceiptHandle, CancellationToken.None);

        Assert.False(deleted); // The acknowledgement after a dead-letter finds nothing left to delete.
        Assert.Equal(0, (await queue.GetCountsAsync(CancellationToken.None)).Total);
        var dead = Assert.Single(await queue.DeadLetterQueue().ReceiveAsync(10, null, CancellationToken.None));
        Assert.Equal((received.MessageId, received.Body), (dead.MessageId, dead.Body));
        Assert.Equal(letter.Attributes.ToDictionary(a => a.Key, a => a.Value), dead.Attributes);
        Assert.Equal("PoisonMessageException", dead.Attributes![DeadLetter.ErrorTypeAttribute]);
    }

    [Fact]
    public async Task DeadLetterAsync_WhenTheQueueDoesNotHoldTheMessage_ShouldStoreItAsANewDeadLetter()
    {
        var queue = Queue();
        var letter = new DeadLetter("from-an-event-file", "body", "work", 5, "TaskNotFoundException", new string('x', 5000));

        await queue.DeadLetterAsync(letter, CancellationToken.None);

        var dead = Assert.Single(await queue.DeadLetterQueue().ReceiveAsync(10, null, CancellationToken.None));
        Assert.Equal("body", dead.Body);
        Assert.Equal(DeadLetter.MaxErrorMessageLength, dead.Attributes![DeadLetter.ErrorMessageAttribute].Length);
        Assert.EndsWith("…", dead.Attributes[DeadLetter.ErrorMessageAttribute], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_WhenADeadLetterIsAheadOfGoodMessages_ShouldStillFillTheBatch()
    {
        var queue = Queue(maxReceiveCount: 1);
        await queue.SendAsync(new QueueSendRequest("poison"), CancellationToken.None);
        Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(31));
        await queue.SendBatchAsync([new QueueSendRequest("a"), new QueueSendRequest("b")], CancellationToken.None);

        var batch = await queue.ReceiveAsync(2, null, CancellationToken.None);

        Assert.Equal(["a", "b"], batch.Select(m => m.Body));
    }

    [Fact]
    public async Task SendAsync_WhenDelayed_ShouldNotDeliverBeforeTheDelay()
    {
        var queue = Queue();
        await queue.SendAsync(new QueueSendRequest("later", Delay: TimeSpan.FromMinutes(2)), CancellationToken.None);

        var early = await queue.ReceiveAsync(1, null, CancellationToken.None);
        var delayedCount = (await queue.GetCountsAsync(CancellationToken.None)).Delayed;
        _time.Advance(TimeSpan.FromMinutes(2));
        var onTime = await queue.ReceiveAsync(1, null, CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal(1, delayedCount);
        Assert.Equal("later", Assert.Single(onTime).Body);
    }

    [Fact]
    public async Task ChangeVisibilityAsync_WhenSetToZero_ShouldMakeMessageVisibleAtOnce()
    {
        var queue = Queue();
        await queue.SendAsync(new QueueSendRequest("retry-me"), CancellationToken.None);
        var delivery = Assert.Single(await queue.ReceiveAsync(1, null, CancellationToken.None));

        var changed = await queue.ChangeVisibilityAsync(delivery.ReceiptHandle, TimeSpan.Zero, CancellationToken.None);
        var again = await queue.ReceiveAsync(1, null, CancellationToken.None);

        Assert.True(changed);
        Assert.Equal(2, Assert.Single(again).ReceiveCount);
    }

    [Fact]
    public async Task ReceiveAsync_WhenFifo_ShouldDeliverOneInFlightMessagePerGroupInOrder()
    {
        var queue = Queue(fifo: true);
        await queue.SendBatchAsync(
            [new QueueSendRequest("a1", GroupId: "a"), new QueueSendRequest("a2", GroupId: "a"), new QueueSendRequest("b1", GroupId: "b")],
            CancellationToken.None);

        var first = await queue.ReceiveAsync(10, null, CancellationToken.None);
        var whileInFlight = await queue.ReceiveAsync(10, null, CancellationToken.None);
        await queue.DeleteAsync(first.Single(m => m.GroupId == "a").ReceiptHandle, CancellationToken.None);
        var next = await queue.ReceiveAsync(10, null, CancellationToken.None);

        Assert.Equal(["a1", "b1"], first.Select(m => m.Body));
        Assert.Empty(whileInFlight);
        Assert.Equal(["a2"], next.Select(m => m.Body));
    }

    [Fact]
    public async Task SendAsync_WhenFifoMessageHasNoGroup_ShouldThrowValidation()
    {
        await Assert.ThrowsAsync<ValidationException>(() => Queue(fifo: true).SendAsync(new QueueSendRequest("x"), CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_WhenConsumersCompete_ShouldDeliverEachMessageToOneConsumer()
    {
        var queue = Queue();
        await queue.SendBatchAsync(Enumerable.Range(0, 200).Select(i => new QueueSendRequest($"m{i}")).ToArray(), CancellationToken.None);
        var consumers = new[] { queue, new SqliteQueue(await _folder.OpenAsync(), queue.Options, _time) };

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var got = new List<string>();
            IReadOnlyList<QueueMessage> batch;
            while ((batch = await consumers[i % 2].ReceiveAsync(7, null, CancellationToken.None)).Count > 0)
            {
                got.AddRange(batch.Select(m => m.Body));
            }

            return got;
        })));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }
}
