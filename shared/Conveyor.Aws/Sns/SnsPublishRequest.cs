namespace Conveyor.Aws.Sns;

/// <summary>
/// One Publish call. <see cref="MessageGroupId"/> is required and <see cref="MessageDeduplicationId"/> used only
/// for FIFO topics (ARN ending in <c>.fifo</c>).
/// </summary>
public sealed record SnsPublishRequest(string TopicArn, string Message)
{
    public IReadOnlyList<SnsMessageAttribute> MessageAttributes { get; init; } = [];

    public string? Subject { get; init; }

    public string? MessageGroupId { get; init; }

    public string? MessageDeduplicationId { get; init; }

    public bool IsFifo => TopicArn.EndsWith(".fifo", StringComparison.Ordinal);
}
