namespace Conveyor.Local.Queue;

/// <summary>
/// A received message. <see cref="ReceiptHandle"/> identifies this delivery only: once the message is received again,
/// an older handle no longer deletes it. <see cref="Attributes"/> are its String message attributes (a dead letter's cause).
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string Body,
    string ReceiptHandle,
    int ReceiveCount,
    string? GroupId,
    DateTimeOffset SentAt,
    IReadOnlyDictionary<string, string>? Attributes = null);
