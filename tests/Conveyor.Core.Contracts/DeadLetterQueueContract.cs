using Conveyor.Core.Ports;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="IDeadLetterQueue"/> must do: keep the body byte for byte (so it can be re-driven as it was) and
/// carry the cause as the same named attributes. Derive and supply a fresh dead-letter queue and a way to read it back.
/// </summary>
public abstract class DeadLetterQueueContract
{
    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract Task<IDeadLetterQueue> CreateQueueAsync();

    /// <summary>Every dead letter stored so far: its body and its String attributes.</summary>
    protected abstract Task<IReadOnlyList<(string Body, IReadOnlyDictionary<string, string> Attributes)>> ReadAsync(IDeadLetterQueue queue, CancellationToken cancellationToken);

    [Fact]
    public async Task DeadLetterAsync_WhenGivenAMessageAndItsCause_ShouldKeepTheBodyAndCarryTheCauseAsAttributes()
    {
        var queue = await CreateQueueAsync();
        var letter = new DeadLetter(
            "11111111-0000-4000-8000-000000000001", """{"pk":"TASK#acme-é","sk":"echo#1"} not json""", "arn:aws:sqs:us-east-1:123456789012:tasks", 5,
            "TaskNotFoundException", "Task TASK#acme-é/echo#1 does not exist.\nIt was deleted.");

        await queue.DeadLetterAsync(letter, Ct);

        var (body, attributes) = Assert.Single(await ReadAsync(queue, Ct));
        Assert.Equal(letter.Body, body);
        Assert.Equal(letter.Attributes.ToDictionary(a => a.Key, a => a.Value), attributes.Where(a => letter.Attributes.Any(l => l.Key == a.Key)).ToDictionary());
        Assert.Equal("TaskNotFoundException", attributes[DeadLetter.ErrorTypeAttribute]);
        Assert.Equal("5", attributes[DeadLetter.ReceiveCountAttribute]);
    }

    [Fact]
    public async Task DeadLetterAsync_WhenTheErrorMessageIsLong_ShouldCarryItsFirstKilobyteWithAnEllipsis()
    {
        var queue = await CreateQueueAsync();
        var message = string.Concat(Enumerable.Repeat("0123456789", 500));

        await queue.DeadLetterAsync(new DeadLetter("m-long", "body", "tasks", 3, "IOException", message), Ct);

        var carried = Assert.Single(await ReadAsync(queue, Ct)).Attributes[DeadLetter.ErrorMessageAttribute];
        Assert.Equal(DeadLetter.MaxErrorMessageLength, carried.Length);
        Assert.Equal(message[..(DeadLetter.MaxErrorMessageLength - 1)] + "…", carried);
    }
}
