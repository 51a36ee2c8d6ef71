namespace Conveyor.Core.Ports;

/// <summary>
/// Where a queue consumer puts a message it gives up on, with the cause (SQS on AWS: the source queue's DLQ; locally the
/// SQLite queue's). A queue's own redrive moves a message unchanged, so a consumer that knows why it fails on the last
/// receive dead-letters the message itself, then acknowledges it. At least once: a dead letter may be stored twice if
/// the acknowledgement is lost, never lost.
/// </summary>
public interface IDeadLetterQueue
{
    Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken);
}
