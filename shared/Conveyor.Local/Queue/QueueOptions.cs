namespace Conveyor.Local.Queue;

/// <summary>How a named queue behaves.</summary>
/// <param name="Name">The queue's name; many queues share one table.</param>
/// <param name="VisibilityTimeout">How long a received message stays hidden before it is delivered again (default 30 s).</param>
/// <param name="MaxReceiveCount">
/// After this many receives without a delete, the next receive moves the message to the dead-letter queue instead of
/// delivering it (SQS redrive semantics). 0 disables dead-lettering.
/// </param>
/// <param name="DeadLetterQueueName">Where dead letters go; default <c>&lt;Name&gt;-dlq</c>.</param>
/// <param name="Fifo">Messages of one group are delivered in send order, one at a time: the next waits until the previous is deleted or dead-lettered.</param>
public sealed record QueueOptions(
    string Name,
    TimeSpan? VisibilityTimeout = null,
    int MaxReceiveCount = 5,
    string? DeadLetterQueueName = null,
    bool Fifo = false)
{
    public TimeSpan EffectiveVisibilityTimeout => VisibilityTimeout ?? TimeSpan.FromSeconds(30);

    public string EffectiveDeadLetterQueueName => DeadLetterQueueName ?? Name + "-dlq";
}
