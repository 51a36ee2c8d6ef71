namespace Conveyor.Aws.Sqs;

/// <summary>
/// Some messages of a batch were not accepted by SQS after every retry. <see cref="FailedIds"/> names them
/// (task ids or command message ids) with SQS's error codes, so the caller can resend exactly those.
/// </summary>
public sealed class SqsBatchSendException : Exception
{
    public SqsBatchSendException(string queueUrl, IReadOnlyDictionary<string, string> failed, bool retryable)
        : base($"SQS refused {failed.Count} message(s) for {queueUrl}: {string.Join(", ", failed.Select(f => $"{f.Key} ({f.Value})"))}.")
    {
        QueueUrl = queueUrl;
        FailedIds = failed;
        Retryable = retryable;
    }

    public SqsBatchSendException() : base("SQS refused some messages of a batch.") { }

    public SqsBatchSendException(string message) : base(message) { }

    public SqsBatchSendException(string message, Exception innerException) : base(message, innerException) { }

    public string QueueUrl { get; } = string.Empty;

    /// <summary>The logical id of each refused message and SQS's error code for it.</summary>
    public IReadOnlyDictionary<string, string> FailedIds { get; } = new Dictionary<string, string>();

    /// <summary>True when every refusal was SQS's fault (not the sender's), so sending again may succeed.</summary>
    public bool Retryable { get; }
}
