namespace Conveyor.Core.Ports;

/// <summary>
/// A queue message given up on, with why: what the consumer saw on its last receive. The body is kept unchanged so the
/// message can be re-driven as it was; the cause travels beside it as message attributes (<see cref="Attributes"/>).
/// <c>ErrorMessage</c> is cut to its first 1 KB, as in the dead letters of Lambda's asynchronous invocations.
/// </summary>
/// <param name="MessageId">The message's id in its source queue.</param>
/// <param name="Body">The body, unchanged.</param>
/// <param name="SourceQueue">The queue it came from (its name locally, its ARN on AWS).</param>
/// <param name="ReceiveCount">How many times it was received, the last included.</param>
/// <param name="ErrorType">The failure's type, e.g. <c>PoisonMessageException</c>.</param>
/// <param name="ErrorMessage">The failure's message.</param>
public sealed record DeadLetter(string MessageId, string Body, string SourceQueue, int ReceiveCount, string ErrorType, string ErrorMessage)
{
    public const string ErrorTypeAttribute = "ErrorType";
    public const string ErrorMessageAttribute = "ErrorMessage";
    public const string SourceQueueAttribute = "SourceQueue";
    public const string SourceMessageIdAttribute = "SourceMessageId";
    public const string ReceiveCountAttribute = "ReceiveCount";

    /// <summary>An error message longer than this is cut (with an ellipsis): a cause, not a log.</summary>
    public const int MaxErrorMessageLength = 1024;

    /// <summary>The cause as String message attributes, the error message cut to <see cref="MaxErrorMessageLength"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes =>
    [
        new(ErrorTypeAttribute, ErrorType),
        new(ErrorMessageAttribute, ErrorMessage.Length <= MaxErrorMessageLength ? ErrorMessage : string.Concat(ErrorMessage.AsSpan(0, MaxErrorMessageLength - 1), "…")),
        new(SourceQueueAttribute, SourceQueue),
        new(SourceMessageIdAttribute, MessageId),
        new(ReceiveCountAttribute, ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
