using System.Security.Cryptography;
using System.Text;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Aws.Sns;

/// <summary>
/// <see cref="INotifier"/> on SNS: the notification JSON as the message, <c>action</c> as a String message
/// attribute (for subscription filter policies); alarms to the alarm topic, everything else to the status topic.
/// On FIFO topics the group is the task's pk (per-task order) and the deduplication id is derived from the
/// notification, so a redelivered status change is published once.
/// </summary>
public sealed partial class SnsNotifier(SnsClient client, SnsOptions options, ILogger<SnsNotifier> logger) : INotifier
{
    public const string ActionAttribute = "action";

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
            MessageAttributes = [new SnsMessageAttribute(ActionAttribute, notification.Action)],
            MessageGroupId = notification.Key.Pk,
            MessageDeduplicationId = DeduplicationId(notification),
        };
    }

    /// <summary>
    /// SHA-256 (hex) of action, id and content. Content is <c>{status, attributes}</c> or <c>{errorMessage}</c>,
    /// derived from the stored task with no timestamps, so the same status change gives the same id while a new
    /// status or new progress gives a new one. (The notification carries no version to use instead.)
    /// </summary>
    public static string DeduplicationId(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var text = string.Join('\n', notification.Action, notification.Id, notification.Content.GetRawText());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Action} for {TaskId} as SNS message {MessageId}")]
    private static partial void LogPublished(ILogger logger, string action, string taskId, string messageId);
}
