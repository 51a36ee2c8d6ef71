namespace Conveyor.Core.Ports;

/// <summary>
/// The dead letters a host keeps, to look at and to re-drive one by one (the embedded engine's SQLite queues; on AWS
/// SQS has no way to take one message by id out of a queue, so the API answers 501 there and the console's DLQ redrive
/// applies). A re-drive is idempotent: the message goes back to its source queue once, with a fresh receive count; asking
/// again answers the same re-drive without moving anything, until the message is dead-lettered again.
/// </summary>
public interface IDeadLetterStore
{
    /// <summary>Dead letters of every queue, newest first.</summary>
    /// <exception cref="FormatException"><paramref name="next"/> is not a token this store gave.</exception>
    Task<DeadLetterPage> ListAsync(int limit, string? next, CancellationToken cancellationToken);

    /// <summary>Moves the dead letter back to its source queue; null when no such message was ever dead-lettered here.</summary>
    /// <exception cref="DeadLetterNotRedrivableException">It has no source queue to go back to.</exception>
    Task<DeadLetterRedrive?> RedriveAsync(string messageId, CancellationToken cancellationToken);
}
