using System.Security.Cryptography;
using System.Text;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Aws.Sns;

/// <summary>
/// <see cref="INotifier"/> on SNS: the notification JSON as the message, <c>action</c> and <c>format</c>
/// (<c>conveyor</c> or <c>mbc</c>) as String message attributes (for subscription filter policies); alarms to the alarm topic, everything else to the status topic.
/// On FIFO topics the group is the task's pk (per-task order) and the deduplication id is the notification's
/// identity (<see cref="Notification.DeduplicationId"/>, <c>&lt;id&gt;#v&lt;version&gt;#&lt;action&gt;</c>), so a
/// redelivered change-feed record publishes once within SNS's five-minute deduplication window.
/// Standard topics are at-least-once: a redelivered MODIFY record (a Lambda retry, a shard replay) publishes the
/// notification again, with the same identity and content, and subscribers de-duplicate on it if they must.
/// </summary>
public sealed partial class SnsNotifier(SnsClient client, SnsOptions options, ILogger<SnsNotifier> logger) : INotifier
{
    public const string ActionAttribute = "action";
    public const string FormatAttribute = "format";

    private readonly SnsClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly SnsOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly ILogger<SnsNotifier> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <exception cref="Http.AwsPayloadTooLargeException">The notification is over 256 KiB; nothing was sent.</exception>
    public async Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        var request = ToRequest(notification);
        var messageId = await _client.PublishAsync(request, cancellationToken);
        LogPublished(_logger, notification.Action, notification.Id, messageId);
    }

    /// <summary>The Publish request for <paramref name="notification"/>; public so request shapes can be checked.</summary>
    public SnsPublishRequest ToRequest(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var topic = notification.Action == NotificationActions.StepFunctionAlarm ? _options.AlarmTopicArn : _options.StatusTopicArn;
        return new SnsPublishRequest(topic, NotificationJson.Serialize(notification))
        {
            MessageAttributes =
            [
                new SnsMessageAttribute(ActionAttribute, notification.Action),
                new SnsMessageAttribute(FormatAttribute, Core.Notifications.NotificationFormatOptions.WireName(notification.Format)),
            ],
            MessageGroupId = notification.Key.Pk,
            MessageDeduplicationId = DeduplicationId(notification),
        };
    }

    /// <summary>
    /// The notification's identity when it has one and SNS accepts it as is (at most 128 characters of ASCII
    /// punctuation and alphanumerics); a longer identity (long tenant and type) is hashed (SHA-256, hex). A notification
    /// without identity (an explicit alarm) falls back to SHA-256 of action, id and content.
    /// </summary>
    public static string DeduplicationId(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.DeduplicationId is { Length: > 0 } identity)
        {
            return identity.Length <= MaxDeduplicationIdLength && identity.All(c => c is > ' ' and <= '~')
                ? identity
                : Hash(identity);
        }

        return Hash(string.Join('\n', notification.Action, notification.Id, notification.Content.GetRawText()));
    }

    private const int MaxDeduplicationIdLength = 128;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Action} for {TaskId} as SNS message {MessageId}")]
    private static partial void LogPublished(ILogger logger, string action, string taskId, string messageId);
}
