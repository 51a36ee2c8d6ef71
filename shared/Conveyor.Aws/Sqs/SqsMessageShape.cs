namespace Conveyor.Aws.Sqs;

/// <summary>
/// How one kind of message becomes an SQS batch entry: the id reported when SQS refuses it, the body, the String
/// message attributes, and the FIFO group and deduplication ids (asked for only when the queue is FIFO).
/// </summary>
internal sealed record SqsMessageShape<T>(
    Func<T, string> LogicalId,
    Func<T, string> Body,
    Func<T, IEnumerable<KeyValuePair<string, string>>> Attributes,
    Func<T, string> GroupId,
    Func<T, string> DeduplicationId);
