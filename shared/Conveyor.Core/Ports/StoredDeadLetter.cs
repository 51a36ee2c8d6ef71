namespace Conveyor.Core.Ports;

/// <summary>
/// A message in a dead-letter queue, as a host keeps it: its body unchanged, where it came from, and why it was given up
/// on when its consumer said so (<see cref="DeadLetter"/>'s attributes; null when the queue's own redrive moved it).
/// </summary>
/// <param name="MessageId">The message's id (the same in its source queue and its dead-letter queue).</param>
/// <param name="DeadLetterQueue">The dead-letter queue that holds it.</param>
/// <param name="SourceQueue">The queue a re-drive sends it back to; null when it has none (it cannot be re-driven).</param>
/// <param name="Body">The body, unchanged.</param>
/// <param name="DeadLetteredAt">When it entered the dead-letter queue.</param>
/// <param name="ReceiveCount">How many times it was received before it was given up on.</param>
/// <param name="ErrorType">The cause's type, e.g. <c>PoisonMessageException</c>; null when unknown.</param>
/// <param name="ErrorMessage">The cause's message; null when unknown.</param>
public sealed record StoredDeadLetter(
    string MessageId,
    string DeadLetterQueue,
    string? SourceQueue,
    string Body,
    DateTimeOffset DeadLetteredAt,
    int ReceiveCount,
    string? ErrorType,
    string? ErrorMessage);
